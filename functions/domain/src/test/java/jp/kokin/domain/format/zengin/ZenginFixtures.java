package jp.kokin.domain.format.zengin;

import java.time.MonthDay;
import java.util.List;

/** Valid Zengin values for tests, in the canonical form the reader gives back. */
final class ZenginFixtures {

    private ZenginFixtures() {
    }

    static Header aHeader() {
        return new Header("1234567890", "ｺｳｷﾝ ｼﾕｳﾉｳﾀﾞｲｺｳ", MonthDay.of(11, 27), "0001", "ﾐｽﾞﾎ", "001", "ﾄｳｷﾖｳｴｲｷﾞﾖｳﾌﾞ",
                1, "1234567");
    }

    static Transfer aTransfer() {
        return new Transfer("0005", "ﾐﾂﾋﾞｼﾕ-ｴﾌｼﾞｴｲ", "123", "ｼﾝｼﾞﾕｸ", 1, "0012345", "ﾁﾖﾀﾞｸ ｶｲｹｲｶﾝﾘｼﾔ", 1050,
                "0000131016", "");
    }

    static TransferFile aFile(Transfer... transfers) {
        return new TransferFile(aHeader(), transfers.length == 0 ? List.of(aTransfer()) : List.of(transfers));
    }
}
