package jp.kokin.domain.checkout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jp.kokin.domain.catalog.Language;

/** A portal's request to create a checkout, as parsed from the API (not yet checked against the catalog). */
public record NewCheckout(String organizationCode, List<Item> items, String reference, String returnUrl,
                          Language language, List<PaymentMethod> methods, int expiresInMinutes,
                          Map<String, String> metadata) {

    public static final int DEFAULT_EXPIRY_MINUTES = 60;
    public static final int MAX_METADATA = 15;

    public record Item(String procedureCode, int quantity) {}

    public NewCheckout {
        items = List.copyOf(items);
        methods = List.copyOf(methods);
        metadata = Map.copyOf(metadata);
    }

    public Duration expiresIn() {
        return Duration.ofMinutes(expiresInMinutes);
    }

    /** Checks that need no catalog: lengths and ranges. */
    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        if (items.isEmpty()) {
            errors.add(new FieldError("items", "required", "at least one item is required"));
        }
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            if (item.procedureCode() == null || item.procedureCode().isBlank()) {
                errors.add(new FieldError("items[" + i + "].procedureCode", "required", "procedureCode is required"));
            }
            if (item.quantity() < 1 || item.quantity() > CheckoutItem.MAX_QUANTITY) {
                errors.add(new FieldError("items[" + i + "].quantity", "out_of_range",
                        "quantity must be 1 to " + CheckoutItem.MAX_QUANTITY));
            }
        }
        if (reference == null || reference.isEmpty() || reference.length() > 64) {
            errors.add(new FieldError("reference", "invalid_length", "reference must be 1 to 64 characters"));
        }
        if (returnUrl == null || returnUrl.isBlank()) {
            errors.add(new FieldError("returnUrl", "required", "returnUrl is required"));
        }
        if (expiresInMinutes < Checkout.MIN_EXPIRY.toMinutes() || expiresInMinutes > Checkout.MAX_EXPIRY.toMinutes()) {
            errors.add(new FieldError("expiresInMinutes", "out_of_range", "expiresInMinutes must be 5 to 1440"));
        }
        if (metadata.size() > MAX_METADATA) {
            errors.add(new FieldError("metadata", "too_many", "metadata holds at most " + MAX_METADATA + " pairs"));
        }
        metadata.forEach((k, v) -> {
            if (k.isEmpty() || k.length() > 40 || v.length() > 500) {
                errors.add(new FieldError("metadata." + k, "invalid_length",
                        "metadata keys are 1 to 40 characters and values at most 500"));
            }
        });
        return errors;
    }
}
