package jp.kokin.domain.settlement;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A statement a staff member of 千代田区 would receive for 2026-11-26. */
final class StatementFixtures {

    static final LocalDate BUSINESS_DATE = LocalDate.of(2026, 11, 26);

    private StatementFixtures() {
    }

    static CreditorStatement chiyoda() {
        return new CreditorStatement("131016", "千代田区", 3, 1050,
                List.of(new ProcedureTotal("juminhyo", "住民票の写し", 2, 600),
                        new ProcedureTotal("koseki", "戸籍全部事項証明書", 1, 450)),
                List.of(new SettlementPayment("chk_01", "pay_01_1", 300, Instant.parse("2026-11-25T15:00:00Z")),
                        new SettlementPayment("chk_02", "pay_02_1", 300, Instant.parse("2026-11-26T01:23:45.678Z")),
                        new SettlementPayment("chk_03", "pay_03_2", 450, Instant.parse("2026-11-26T14:59:59Z"))));
    }

    /** Names as configuration might hold them, with characters that CSV and HTML must escape. */
    static CreditorStatement awkwardNames() {
        return new CreditorStatement("MOFA", "外務省 <旅券課> \"本省\", 東京", 1, 16000,
                List.of(new ProcedureTotal("passport", "旅券 \"10年\", <一般> & '特例'", 1, 16000),
                        new ProcedureTotal("formula", "=HYPERLINK(\"http://example.com\")", 0, 0)),
                List.of(new SettlementPayment("chk_<x>", "pay_\"1\"", 16000, Instant.parse("2026-11-26T03:00:00Z"))));
    }

    /** 千代田区 on 2026-11-26 with a late payment of 2026-11-24 carried over into the run. */
    static CreditorStatement chiyodaWithALatePayment() {
        return new CreditorStatement("131016", "千代田区", 2, 750,
                List.of(new ProcedureTotal("juminhyo", "住民票の写し", 1, 300),
                        new ProcedureTotal("koseki", "戸籍全部事項証明書", 1, 450)),
                List.of(new SettlementPayment("chk_late", "pay_late_1", 300, Instant.parse("2026-11-24T02:00:00Z")),
                        new SettlementPayment("chk_04", "pay_04_1", 450, Instant.parse("2026-11-26T05:00:00Z"))));
    }
}
