package jp.kokin.domain.checkout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jp.kokin.domain.catalog.Language;
import jp.kokin.domain.format.FormatException;
import jp.kokin.domain.format.PublicUrl;

/** A portal's request to create a checkout, as parsed from the API (not yet checked against the catalog). */
public record NewCheckout(String organizationCode, List<Item> items, String reference, String returnUrl,
                          Language language, List<PaymentMethod> methods, int expiresInMinutes,
                          Map<String, String> metadata) {

    public static final int DEFAULT_EXPIRY_MINUTES = 60;
    public static final int MAX_METADATA = CheckoutLimits.MAX_METADATA;

    public record Item(String procedureCode, int quantity) {}

    public NewCheckout {
        items = List.copyOf(items);
        methods = List.copyOf(methods);
        metadata = Map.copyOf(metadata);
    }

    public Duration expiresIn() {
        return Duration.ofMinutes(expiresInMinutes);
    }

    /**
     * Checks that need no catalog: lengths, counts, ranges and the return URL's form, each bound
     * being a {@link CheckoutLimits} constant. The portal's {@code returnUrlPrefixes} are checked
     * by the service, against the catalog.
     */
    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        if (items.isEmpty()) {
            errors.add(new FieldError("items", "required", "at least one item is required"));
        } else if (items.size() > CheckoutLimits.MAX_ITEMS) {
            errors.add(new FieldError("items", "too_many", "at most " + CheckoutLimits.MAX_ITEMS + " items"));
        } else {
            for (int i = 0; i < items.size(); i++) {
                Item item = items.get(i);
                if (item.procedureCode() == null || item.procedureCode().isBlank()) {
                    errors.add(new FieldError("items[" + i + "].procedureCode", "required", "procedureCode is required"));
                } else if (item.procedureCode().length() > CheckoutLimits.MAX_PROCEDURE_CODE) {
                    errors.add(new FieldError("items[" + i + "].procedureCode", "invalid_length",
                            "procedureCode is at most " + CheckoutLimits.MAX_PROCEDURE_CODE + " characters"));
                }
                if (item.quantity() < 1 || item.quantity() > CheckoutLimits.MAX_QUANTITY) {
                    errors.add(new FieldError("items[" + i + "].quantity", "out_of_range",
                            "quantity must be 1 to " + CheckoutLimits.MAX_QUANTITY));
                }
            }
        }
        if (reference == null || reference.isEmpty() || reference.length() > CheckoutLimits.MAX_REFERENCE) {
            errors.add(new FieldError("reference", "invalid_length",
                    "reference must be 1 to " + CheckoutLimits.MAX_REFERENCE + " characters"));
        } else if (CheckoutLimits.hasControlCharacter(reference, false)) {
            errors.add(new FieldError("reference", "invalid_value", "reference must not hold control characters"));
        }
        if (returnUrl == null || returnUrl.isBlank()) {
            errors.add(new FieldError("returnUrl", "required", "returnUrl is required"));
        } else {
            try {
                PublicUrl.parseBrowserUrl(returnUrl);
            } catch (FormatException e) {
                errors.add(new FieldError("returnUrl", "invalid_url", "returnUrl " + e.getMessage()));
            }
        }
        if (methods.size() > CheckoutLimits.MAX_METHODS) {
            errors.add(new FieldError("methods", "too_many", "methods lists each method at most once"));
        }
        if (expiresInMinutes < Checkout.MIN_EXPIRY.toMinutes() || expiresInMinutes > Checkout.MAX_EXPIRY.toMinutes()) {
            errors.add(new FieldError("expiresInMinutes", "out_of_range", "expiresInMinutes must be 5 to 1440"));
        }
        if (metadata.size() > MAX_METADATA) {
            errors.add(new FieldError("metadata", "too_many", "metadata holds at most " + MAX_METADATA + " pairs"));
        } else {
            metadata.forEach((k, v) -> {
                String field = "metadata." + (k.length() > CheckoutLimits.MAX_METADATA_KEY
                        ? k.substring(0, CheckoutLimits.MAX_METADATA_KEY) + "…" : k);
                if (k.isEmpty() || k.length() > CheckoutLimits.MAX_METADATA_KEY
                        || v.length() > CheckoutLimits.MAX_METADATA_VALUE) {
                    errors.add(new FieldError(field, "invalid_length", "metadata keys are 1 to "
                            + CheckoutLimits.MAX_METADATA_KEY + " characters and values at most "
                            + CheckoutLimits.MAX_METADATA_VALUE));
                } else if (CheckoutLimits.hasControlCharacter(k, false) || CheckoutLimits.hasControlCharacter(v, true)) {
                    errors.add(new FieldError(field, "invalid_value",
                            "metadata must not hold control characters (values may hold tabs and line breaks)"));
                }
            });
        }
        return errors;
    }
}
