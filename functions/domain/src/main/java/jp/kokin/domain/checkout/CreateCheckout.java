package jp.kokin.domain.checkout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

import jp.kokin.domain.Hashes;
import jp.kokin.domain.catalog.ApiKey;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.catalog.Organization;
import jp.kokin.domain.catalog.Portal;
import jp.kokin.domain.catalog.Procedure;
import jp.kokin.domain.catalog.Role;
import jp.kokin.domain.format.FormatException;
import jp.kokin.domain.format.OrganizationCode;

/** A portal creates a checkout, priced from the catalog; a retry under the same Idempotency-Key replays it. */
public final class CreateCheckout {

    public static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);

    private final Supplier<Catalog> catalog;
    private final CheckoutRepository checkouts;
    private final Clock clock;

    public CreateCheckout(Supplier<Catalog> catalog, CheckoutRepository checkouts, Clock clock) {
        this.catalog = catalog;
        this.checkouts = checkouts;
        this.clock = clock;
    }

    /** The checkout, and whether this call replayed an earlier one rather than creating it. */
    public record Created(Checkout checkout, boolean replayed) {}

    public Result<Created> create(ApiKey caller, NewCheckout request, String idempotencyKey) {
        if (caller.role() != Role.PORTAL) {
            return Result.err(Rejection.Code.FORBIDDEN, "only portal keys create checkouts");
        }
        List<FieldError> errors = new ArrayList<>(request.validate());
        if (!errors.isEmpty()) {
            return new Result.Err<>(new Rejection(Rejection.Code.INVALID_REQUEST, "the request has invalid fields", errors));
        }
        try {
            OrganizationCode.parse(request.organizationCode());
        } catch (FormatException e) {
            return new Result.Err<>(new Rejection(Rejection.Code.INVALID_ORGANIZATION_CODE, e.getMessage(),
                    List.of(new FieldError("organizationCode", "invalid_organization_code", e.getMessage()))));
        }
        Catalog cat = catalog.get();
        Optional<Organization> org = cat.organization(request.organizationCode());
        if (org.isEmpty() || !caller.canAccess(request.organizationCode())) {
            return Result.err(Rejection.Code.UNKNOWN_ORGANIZATION,
                    "no organization " + request.organizationCode() + " for this key");
        }
        Portal portal = cat.portal(caller.portalId()).orElse(null);
        if (portal == null || !portal.acceptsReturnUrl(request.returnUrl())) {
            return new Result.Err<>(new Rejection(Rejection.Code.INVALID_REQUEST, "returnUrl is not one of the portal's return URLs",
                    List.of(new FieldError("returnUrl", "return_url_not_allowed",
                            "returnUrl must start with one of the portal's returnUrlPrefixes"))));
        }
        List<CheckoutItem> items = new ArrayList<>();
        for (int i = 0; i < request.items().size(); i++) {
            NewCheckout.Item item = request.items().get(i);
            Optional<Procedure> procedure = org.get().procedure(item.procedureCode());
            if (procedure.isEmpty()) {
                return new Result.Err<>(new Rejection(Rejection.Code.UNKNOWN_PROCEDURE,
                        "organization " + request.organizationCode() + " has no procedure " + item.procedureCode(),
                        List.of(new FieldError("items[" + i + "].procedureCode", "unknown_procedure",
                                "no such procedure: " + item.procedureCode()))));
            }
            items.add(CheckoutItem.price(procedure.get(), item.quantity()));
        }
        Instant now = clock.instant();
        Checkout checkout = Checkout.create(CheckoutIds.newCheckoutId(), request.organizationCode(), caller.portalId(),
                request.reference(), items, request.returnUrl(), request.language(), request.methods(),
                request.expiresIn(), request.metadata(), now);
        CheckoutRepository.IdempotencyClaim claim = idempotencyKey == null ? null
                : new CheckoutRepository.IdempotencyClaim(caller.portalId(), Hashes.sha256Hex(idempotencyKey),
                        fingerprint(request), now.plus(IDEMPOTENCY_WINDOW));
        return switch (checkouts.create(checkout, claim)) {
            case CheckoutRepository.CreateResult.Created c -> Result.ok(new Created(checkout, false));
            case CheckoutRepository.CreateResult.KeyTaken taken -> {
                if (!taken.fingerprint().equals(claim.fingerprint())) {
                    yield Result.err(Rejection.Code.IDEMPOTENCY_KEY_REUSED,
                            "this Idempotency-Key was used with a different request in the last 24 hours");
                }
                yield checkouts.find(taken.checkoutId())
                        .<Result<Created>>map(existing -> Result.ok(new Created(existing, true)))
                        .orElseGet(() -> Result.err(Rejection.Code.IDEMPOTENCY_KEY_REUSED, "the original checkout is gone"));
            }
        };
    }

    /**
     * A stable digest of the request, to tell a retry from another request under the same key.
     * Every value is written with its length (and every list with its size), so no two different
     * requests share a canonical form however their strings look; metadata is taken in key order.
     */
    static String fingerprint(NewCheckout r) {
        StringBuilder canonical = new StringBuilder();
        field(canonical, r.organizationCode());
        field(canonical, Integer.toString(r.items().size()));
        for (NewCheckout.Item item : r.items()) {
            field(canonical, item.procedureCode());
            field(canonical, Integer.toString(item.quantity()));
        }
        field(canonical, r.reference());
        field(canonical, r.returnUrl());
        field(canonical, r.language().tag());
        field(canonical, Integer.toString(r.methods().size()));
        r.methods().forEach(m -> field(canonical, m.wire()));
        field(canonical, Integer.toString(r.expiresInMinutes()));
        field(canonical, Integer.toString(r.metadata().size()));
        new TreeMap<>(r.metadata()).forEach((key, value) -> {
            field(canonical, key);
            field(canonical, value);
        });
        return Hashes.sha256Hex(canonical.toString());
    }

    private static void field(StringBuilder canonical, String value) {
        canonical.append(value.length()).append(':').append(value).append(';');
    }
}
