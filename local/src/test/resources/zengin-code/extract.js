#!/usr/bin/env node
// Writes banks.tsv from an unpacked npm package zengin-code: extract.js <package dir> <bank code>...
// (npm pack zengin-code@<version> && tar xzf zengin-code-*.tgz gives the package dir "package").
const [dir, ...banks] = process.argv.slice(2);
const data = require(require('path').resolve(dir, 'lib/zengin-data.js'));
const version = require(require('path').resolve(dir, 'package.json')).version;
const out = [
  `# Extract of the npm package zengin-code ${version} (MIT, github zengin-code): bank ${banks.join(', ')} and branches.`,
  '# Regenerate: npm pack zengin-code@<version>, then local/src/test/resources/zengin-code/extract.js <package dir> 0001',
  '# bankCode\tbranchCode\tbankKana\tbranchKana\tbranchName',
];
for (const code of banks) {
  const bank = data[code];
  for (const [branch, b] of Object.entries(bank.branches).sort()) {
    out.push([code, branch, bank.kana, b.kana, b.name].join('\t'));
  }
}
require('fs').writeFileSync(require('path').join(__dirname, 'banks.tsv'), out.join('\n') + '\n');
