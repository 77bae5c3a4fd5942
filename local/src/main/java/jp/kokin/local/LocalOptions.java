package jp.kokin.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * How to start the local platform.
 *
 * @param port       HTTP port on 127.0.0.1 (0: any free port)
 * @param template   the SAM template; null: {@code ./template.yaml} or the nearest parent's
 * @param seed       what to load into the catalog
 * @param seedFile   the seed file when {@code seed} is {@link Seed#FILE}
 * @param schedules  whether ScheduleV2 events fire
 * @param parameters template parameter overrides
 */
public record LocalOptions(int port, Path template, Seed seed, Path seedFile, boolean schedules,
                           Map<String, String> parameters) {

    public enum Seed { DEMO, FILE, NONE }

    public static final int DEFAULT_PORT = 3000;

    public LocalOptions {
        parameters = Map.copyOf(parameters);
        if (seed == Seed.FILE && seedFile == null) {
            throw new IllegalArgumentException("A seed file is required");
        }
    }

    /** The defaults: port 3000, the project template, the demo seed, schedules on. */
    public static LocalOptions defaults() {
        return new LocalOptions(DEFAULT_PORT, null, Seed.DEMO, null, true, Map.of());
    }

    public LocalOptions withPort(int port) {
        return new LocalOptions(port, template, seed, seedFile, schedules, parameters);
    }

    public LocalOptions withTemplate(Path template) {
        return new LocalOptions(port, template, seed, seedFile, schedules, parameters);
    }

    public LocalOptions withSeedFile(Path file) {
        return new LocalOptions(port, template, Seed.FILE, file, schedules, parameters);
    }

    public LocalOptions withoutSeed() {
        return new LocalOptions(port, template, Seed.NONE, null, schedules, parameters);
    }

    public LocalOptions withoutSchedules() {
        return new LocalOptions(port, template, seed, seedFile, false, parameters);
    }

    /** Parses {@code [--port N] [--seed FILE] [--no-seed] [--template FILE] [--no-schedules]}. */
    public static LocalOptions parse(String... args) {
        LocalOptions o = defaults();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> o = o.withPort(Integer.parseInt(value(args, ++i, "--port")));
                case "--seed" -> o = o.withSeedFile(Path.of(value(args, ++i, "--seed")));
                case "--no-seed" -> o = o.withoutSeed();
                case "--template" -> o = o.withTemplate(Path.of(value(args, ++i, "--template")));
                case "--no-schedules" -> o = o.withoutSchedules();
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        return o;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /** The template to use: the given one, else {@code template.yaml} here or in the nearest parent directory. */
    Path resolveTemplate() {
        if (template != null) {
            return template;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("template.yaml");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("No template.yaml in this directory or its parents: pass --template FILE");
    }
}
