package jp.kokin.domain.receipt;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The designated payment agent's notice to the payer (指定納付受託者の通知, Cashless Act Art. 6(1)) for
 * the national lines of one paid checkout that belong to one treasury creditor (ministry): issued
 * with the checkout's receipt, in the same write, and never changed. The receipt (領収書) covers the
 * checkout's other lines; a checkout with lines of two ministries has two notices.
 *
 * @param number      {@code {org}-{fy}-N{7 digits}}, gapless per treasury organization and fiscal year
 *                    ({@link PayerNoticeNumber})
 * @param agentName   the agent's name (catalog {@code treasury.agentName})
 * @param fiscalYear  年度 of the entrustment date
 * @param amount      the lines' sum in yen
 * @param entrustedAt the entrustment time (the provider's completion time); its JST date is the date the
 *                    fee counts as paid (Art. 6(4))
 */
public record PayerNotice(String number, String organizationCode, String ministryName, String agentName,
                          int fiscalYear, List<Line> lines, long amount, Instant entrustedAt) {
    public PayerNotice {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(organizationCode, "organizationCode");
        Objects.requireNonNull(ministryName, "ministryName");
        Objects.requireNonNull(agentName, "agentName");
        Objects.requireNonNull(entrustedAt, "entrustedAt");
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a payer's notice has at least one line");
        }
        if (amount != lines.stream().mapToLong(Line::amount).sum()) {
            throw new IllegalArgumentException("a payer's notice amount is the sum of its lines");
        }
    }

    /**
     * One fee line of the checkout that the notice covers.
     *
     * @param item 0-based item of the checkout; {@code line} 0-based fee line of that item
     */
    public record Line(int item, int line, String procedureCode, String procedureName, int quantity,
                       String revenueItemCode, String revenueItemName, long amount) {
        public Line {
            Objects.requireNonNull(procedureCode, "procedureCode");
            procedureName = procedureName == null ? "" : procedureName;
            revenueItemCode = revenueItemCode == null ? "" : revenueItemCode;
            revenueItemName = revenueItemName == null ? "" : revenueItemName;
        }
    }
}
