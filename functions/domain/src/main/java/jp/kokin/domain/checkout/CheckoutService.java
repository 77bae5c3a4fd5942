package jp.kokin.domain.checkout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
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
import jp.kokin.domain.provider.PaymentProvider;

/** Checkout use cases: create, read, cancel, start a payment, record a provider's report. */
public final class CheckoutService {

    public static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);
    private static final int MAX_WRITE_ATTEMPTS = 5;

    private final Supplier<Catalog> catalog;
    private final CheckoutRepository checkouts;
    private final Function<PaymentMethod, PaymentProvider> providers;
    private final Clock clock;

    public CheckoutService(Supplier<Catalog> catalog, CheckoutRepository checkouts,
                           Function<PaymentMethod, PaymentProvider> providers, Clock clock) {
        this.catalog = catalog;
        this.checkouts = checkouts;
        this.providers = providers;
        this.clock = clock;
    }

    /** What {@link #create} returns: the checkout and whether this call created it. */
    public record Created(Checkout checkout, boolean replayed) {}

    public Result<Created> create(ApiKey caller, NewCheckout request, String idempotencyKey) {
        if (caller.role() != Role.PORTAL) {
            return Result.err("forbidden", "only portal keys create checkouts");
        }
        List<FieldError> errors = new ArrayList<>(request.validate());
        if (!errors.isEmpty()) {
            return new Result.Err<>(new Rejection("invalid_request", "the request has invalid fields", errors));
        }
        try {
            OrganizationCode.parse(request.organizationCode());
        } catch (FormatException e) {
            return new Result.Err<>(new Rejection("invalid_organization_code", e.getMessage(),
                    List.of(new FieldError("organizationCode", "invalid_organization_code", e.getMessage()))));
        }
        Catalog cat = catalog.get();
        Optional<Organization> org = cat.organization(request.organizationCode());
        if (org.isEmpty() || !caller.canAccess(request.organizationCode())) {
            return Result.err("unknown_organization", "no organization " + request.organizationCode() + " for this key");
        }
        Portal portal = cat.portal(caller.portalId()).orElse(null);
        if (portal == null || !portal.acceptsReturnUrl(request.returnUrl())) {
            return new Result.Err<>(new Rejection("invalid_request", "returnUrl is not one of the portal's return URLs",
                    List.of(new FieldError("returnUrl", "return_url_not_allowed",
                            "returnUrl must start with one of the portal's returnUrlPrefixes"))));
        }
        List<CheckoutItem> items = new ArrayList<>();
        for (int i = 0; i < request.items().size(); i++) {
            NewCheckout.Item item = request.items().get(i);
            Optional<Procedure> procedure = org.get().procedure(item.procedureCode());
            if (procedure.isEmpty()) {
                return new Result.Err<>(new Rejection("unknown_procedure",
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
                    yield Result.err("idempotency_key_reused",
                            "this Idempotency-Key was used with a different request in the last 24 hours");
                }
                yield checkouts.find(taken.checkoutId())
                        .<Result<Created>>map(existing -> Result.ok(new Created(existing, true)))
                        .orElseGet(() -> Result.err("idempotency_key_reused", "the original checkout is gone"));
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

    /** A checkout the caller may see. */
    public Optional<Checkout> get(ApiKey caller, String checkoutId) {
        if (!CheckoutIds.isCheckoutId(checkoutId)) {
            return Optional.empty();
        }
        return checkouts.find(checkoutId).filter(c -> caller.canAccess(c.organizationCode()));
    }

    /** A checkout for the public payment page (the id itself is the unguessable capability). */
    public Optional<Checkout> getForCitizen(String checkoutId) {
        return CheckoutIds.isCheckoutId(checkoutId) ? checkouts.find(checkoutId) : Optional.empty();
    }

    public Result<Checkout> cancel(ApiKey caller, String checkoutId) {
        return modify(() -> get(caller, checkoutId), c -> c.cancel(clock.instant()));
    }

    /** What the hosted page does when the citizen chooses a method. */
    public record Started(Checkout checkout, Payment payment, String redirectUrl) {}

    public Result<Started> startPayment(String checkoutId, PaymentMethod method) {
        Optional<Checkout> current = getForCitizen(checkoutId);
        if (current.isEmpty()) {
            return Result.err("not_found", "no checkout " + checkoutId);
        }
        return startPayment(current.get(), method);
    }

    /** Same, from a checkout the caller has just read (it is read again only after a conflict). */
    public Result<Started> startPayment(Checkout read, PaymentMethod method) {
        for (int attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
            Optional<Checkout> current = attempt == 0 ? Optional.of(read) : getForCitizen(read.id());
            if (current.isEmpty()) {
                return Result.err("not_found", "no checkout " + read.id());
            }
            Checkout checkout = current.get();
            PaymentProvider provider = providers.apply(method);
            Instant now = clock.instant();
            Change change = checkout.startPayment(method, provider.name(), now);
            if (change instanceof Change.Refused r) {
                return Result.err(r.code(), r.detail());
            }
            Change.Changed started = (Change.Changed) change;
            PaymentProvider.ProviderSession session;
            try {
                session = provider.start(started.checkout(), started.payment(), checkout.returnUrl());
            } catch (PaymentProvider.ProviderException e) {
                return Result.err("provider_unavailable", "the payment provider could not be reached; try again");
            }
            Payment payment = started.payment().withProviderPaymentId(session.providerPaymentId());
            Checkout next = started.checkout().withPayment(payment);
            next = cancelSupersededAttempts(next, payment.id(), now);
            if (checkouts.update(next)) {
                return Result.ok(new Started(next, payment, session.redirectUrl()));
            }
        }
        return Result.err("conflict", "the checkout changed while starting the payment; try again");
    }

    private Checkout cancelSupersededAttempts(Checkout checkout, String newPaymentId, Instant now) {
        Checkout result = checkout;
        for (Payment p : checkout.payments()) {
            if (p.status() == PaymentStatus.PENDING && !p.id().equals(newPaymentId)
                    && providerFor(p).cancel(p)
                    && result.cancelAttempt(p.id(), now) instanceof Change.Changed c) {
                result = c.checkout();
            }
        }
        return result;
    }

    private PaymentProvider providerFor(Payment p) {
        return providers.apply(p.method());
    }

    /** What recording a provider's report did. */
    public record Recorded(Checkout checkout, boolean changed, boolean becamePaid) {}

    /**
     * Records a verified report from {@code provider} about one of our payments. A provider can
     * only report on the payments it was asked to take: a report about another provider's
     * payment is treated as a report about an unknown payment.
     */
    public Result<Recorded> recordPaymentEvent(String provider, String paymentId, PaymentEvent event, long amount,
                                               Instant occurredAt) {
        Optional<String> checkoutId = CheckoutIds.checkoutOfPayment(paymentId);
        if (checkoutId.isEmpty()) {
            return Result.err("unknown_payment", "not a Kokin payment id: " + paymentId);
        }
        for (int attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
            Optional<Checkout> current = checkouts.find(checkoutId.get());
            if (current.isEmpty()) {
                return Result.err("unknown_payment", "no checkout for payment " + paymentId);
            }
            if (current.get().payment(paymentId).filter(p -> !p.provider().equals(provider)).isPresent()) {
                return Result.err("unknown_payment", "payment " + paymentId + " is not a " + provider + " payment");
            }
            Change change = current.get().applyPaymentEvent(paymentId, event, amount, occurredAt, clock.instant());
            switch (change) {
                case Change.Refused r -> {
                    return Result.err(r.code(), r.detail());
                }
                case Change.Unchanged u -> {
                    return Result.ok(new Recorded(u.checkout(), false, false));
                }
                case Change.Changed c -> {
                    if (checkouts.update(c.checkout())) {
                        return Result.ok(new Recorded(c.checkout(), true, c.becamePaid()));
                    }
                }
            }
        }
        return Result.err("conflict", "the checkout kept changing; the provider should retry");
    }

    private Result<Checkout> modify(Supplier<Optional<Checkout>> read, Function<Checkout, Change> operation) {
        for (int attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
            Optional<Checkout> current = read.get();
            if (current.isEmpty()) {
                return Result.err("not_found", "no such checkout");
            }
            switch (operation.apply(current.get())) {
                case Change.Refused r -> {
                    return Result.err(r.code(), r.detail());
                }
                case Change.Unchanged u -> {
                    return Result.ok(u.checkout());
                }
                case Change.Changed c -> {
                    if (checkouts.update(c.checkout())) {
                        return Result.ok(c.checkout());
                    }
                }
            }
        }
        return Result.err("conflict", "the checkout kept changing; try again");
    }
}
