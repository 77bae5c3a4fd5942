package jp.kokin.domain.checkout;

import java.util.Optional;

/** The payment methods a citizen may choose on the hosted page. */
public enum PaymentMethod {
    PAYPAY("paypay", "PayPay", "PayPay"),
    DPAY("dpay", "d払い", "d Barai"),
    AUPAY("aupay", "au PAY", "au PAY"),
    CARD("card", "クレジットカード（VISA・Mastercard・JCB・American Express・Diners Club）",
            "Credit card (VISA, Mastercard, JCB, American Express, Diners Club)");

    private final String wire;
    private final String labelJa;
    private final String labelEn;

    PaymentMethod(String wire, String labelJa, String labelEn) {
        this.wire = wire;
        this.labelJa = labelJa;
        this.labelEn = labelEn;
    }

    public String wire() {
        return wire;
    }

    public String label(jp.kokin.domain.catalog.Language language) {
        return language == jp.kokin.domain.catalog.Language.EN ? labelEn : labelJa;
    }

    public static Optional<PaymentMethod> fromWire(String s) {
        for (PaymentMethod m : values()) {
            if (m.wire.equals(s)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
