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
import jp.kokin.domain.provider.Callbacks;
import jp.kokin.domain.provider.Notification;
import jp.kokin.domain.provider.PaymentProvider;
import jp.kokin.domain.provider.ProviderException;
import jp.kokin.domain.provider.ProviderSession;
import jp.kokin.domain.provider.ProviderStatus;
import jp.kokin.domain.provider.Providers;

/** Checkout use cases: create, read, cancel, start a payment, record a provider's report. */
public final class CheckoutService {

    public static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);
    /**
     * A provider is asked about one payment at most once in this time on behalf of an
     * unauthenticated trigger (the citizen's return page, an unsigned PayPay hint), so that nobody
     * can spend the merchant's API rate limit by reloading a page or forging hints. The time is
     * stored on the attempt ({@link Payment#lastAskedAt()}) by a conditional write.
     */
    public static final Duration QUERY_INTERVAL = Duration.ofSeconds(5);
    private static final int MAX_WRITE_ATTEMPTS = 5;

    private final Supplier<Catalog> catalog;
    private final CheckoutRepository checkouts;
    private final Providers providers;
    private final Clock clock;

    public CheckoutService(Supplier<Catalog> catalog, CheckoutRepository checkouts,
                           Providers providers, Clock clock) {
        this.catalog = catalog;
        this.checkouts = checkouts;
        this.providers = providers;
        this.clock = clock;
    }

    /** What {@link #create} returns: the checkout and whether this call created it. */
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
            return Result.err(Rejection.Code.UNKNOWN_ORGANIZATION, "no organization " + request.organizationCode() + " for this key");
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

    /** A checkout the caller may see. */
    public Optional<Checkout> get(ApiKey caller, String checkoutId) {
        if (!CheckoutIds.isCheckoutId(checkoutId)) {
            return Optional.empty();
        }
        return checkouts.find(checkoutId).filter(c -> CheckoutAccess.visible(caller, c));
    }

    /** A checkout for the public payment page (the id itself is the unguessable capability). */
    public Optional<Checkout> getForCitizen(String checkoutId) {
        return CheckoutIds.isCheckoutId(checkoutId) ? checkouts.find(checkoutId) : Optional.empty();
    }

    public Result<Checkout> cancel(ApiKey caller, String checkoutId) {
        return modify(() -> get(caller, checkoutId), c -> c.cancel(clock.instant()));
    }

    /** What the hosted page does when the citizen chooses a method. */
    public record Started(Checkout checkout, Payment payment, ProviderSession.Redirect redirect) {}

    public Result<Started> startPayment(String checkoutId, PaymentMethod method, Function<Payment, Callbacks> callbacks) {
        Optional<Checkout> current = getForCitizen(checkoutId);
        if (current.isEmpty()) {
            return Result.err(Rejection.Code.NOT_FOUND, "no checkout " + checkoutId);
        }
        return startPayment(current.get(), method, callbacks);
    }

    /**
     * Starts an attempt from a checkout the caller has just read. The pending attempt is stored
     * first, then created at the provider, then its provider id is stored; a provider that cannot
     * be reached ends the attempt as failed (the citizen never got its page, so it cannot be paid).
     * Attempts still pending are canceled at their providers once the new one exists.
     */
    public Result<Started> startPayment(Checkout read, PaymentMethod method, Function<Payment, Callbacks> callbacks) {
        Optional<PaymentProvider> found = read.methods().contains(method)
                ? providers.forMethod(read.organizationCode(), method) : Optional.empty();
        if (found.isEmpty()) {
            return Result.err(Rejection.Code.METHOD_NOT_OFFERED, method.wire() + " is not offered for this checkout");
        }
        PaymentProvider provider = found.get();
        Checkout stored = null;
        Payment payment = null;
        for (int attempt = 0; attempt < MAX_WRITE_ATTEMPTS && stored == null; attempt++) {
            Optional<Checkout> current = attempt == 0 ? Optional.of(read) : getForCitizen(read.id());
            if (current.isEmpty()) {
                return Result.err(Rejection.Code.NOT_FOUND, "no checkout " + read.id());
            }
            Change change = current.get().startPayment(method, provider.name(), clock.instant());
            if (change instanceof Change.Refused r) {
                return Result.err(r.code(), r.detail());
            }
            Change.Changed started = (Change.Changed) change;
            if (checkouts.update(started.checkout())) {
                stored = started.checkout().atVersion(started.checkout().version() + 1);
                payment = started.payment();
            }
        }
        if (stored == null) {
            return Result.err(Rejection.Code.CONFLICT, "the checkout changed while starting the payment; try again");
        }
        ProviderSession session;
        try {
            session = provider.start(stored, payment, callbacks.apply(payment));
        } catch (ProviderException e) {
            recordPaymentEvent(provider.name(), payment.id(), PaymentEvent.FAILED, 0, clock.instant());
            return Result.err(Rejection.Code.PROVIDER_UNAVAILABLE, "the payment provider could not be reached; try again");
        }
        if (session.providerPaymentId() != null && !CheckoutLimits.isProviderPaymentId(session.providerPaymentId())) {
            // never stored: the checkout item keeps its size bound (CheckoutLimits); the citizen never got the page
            recordPaymentEvent(provider.name(), payment.id(), PaymentEvent.FAILED, 0, clock.instant());
            return Result.err(Rejection.Code.PROVIDER_UNAVAILABLE, "the payment provider gave an unusable payment id; try again");
        }
        String newPaymentId = payment.id();
        List<String> canceled = stored.payments().stream()
                .filter(p -> p.status() == PaymentStatus.PENDING && !p.id().equals(newPaymentId))
                .filter(p -> providers.named(p.provider()).map(other -> other.cancel(p)).orElse(false))
                .map(Payment::id)
                .toList();
        Checkout next = stored;
        for (int attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
            if (attempt > 0) {
                Optional<Checkout> reread = getForCitizen(read.id());
                if (reread.isEmpty()) {
                    break;
                }
                next = reread.get();
            }
            Checkout updated = withSession(next, newPaymentId, session.providerPaymentId(), canceled);
            if (updated == next || checkouts.update(updated)) {
                next = updated == next ? next : updated.atVersion(updated.version() + 1);
                break;
            }
        }
        Payment current = next.payment(newPaymentId).orElse(payment);
        return Result.ok(new Started(next, current, session.redirect()));
    }

    /** The new attempt with its provider id, and the superseded attempts that were canceled. */
    private Checkout withSession(Checkout checkout, String paymentId, String providerPaymentId, List<String> canceled) {
        Checkout result = checkout;
        Optional<Payment> p = checkout.payment(paymentId);
        if (p.isPresent() && providerPaymentId != null && !providerPaymentId.equals(p.get().providerPaymentId())) {
            result = result.withPayment(p.get().withProviderPaymentId(providerPaymentId));
        }
        Instant now = clock.instant();
        for (String id : canceled) {
            if (result.cancelAttempt(id, now) instanceof Change.Changed c) {
                result = c.checkout();
            }
        }
        return result;
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
        return recordPaymentEvent(provider, paymentId, event, amount, occurredAt, Notification.Echo.NOTHING);
    }

    private Result<Recorded> recordPaymentEvent(String provider, String paymentId, PaymentEvent event, long amount,
                                                Instant occurredAt, Notification.Echo echo) {
        Optional<String> checkoutId = CheckoutIds.checkoutOfPayment(paymentId);
        if (checkoutId.isEmpty()) {
            return Result.err(Rejection.Code.UNKNOWN_PAYMENT, "not a Kokin payment id: " + paymentId);
        }
        for (int attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
            Optional<Checkout> current = checkouts.find(checkoutId.get());
            if (current.isEmpty()) {
                return Result.err(Rejection.Code.UNKNOWN_PAYMENT, "no checkout for payment " + paymentId);
            }
            if (current.get().payment(paymentId).filter(p -> !p.provider().equals(provider)).isPresent()) {
                return Result.err(Rejection.Code.UNKNOWN_PAYMENT, "payment " + paymentId + " is not a " + provider + " payment");
            }
            Optional<String> mismatch = current.get().payment(paymentId).flatMap(p -> echo.mismatch(current.get(), p));
            if (mismatch.isPresent()) {
                return Result.err(Rejection.Code.INVALID_SIGNATURE, "the notification's " + mismatch.get()
                        + " is not what was sent for payment " + paymentId);
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
        return Result.err(Rejection.Code.CONFLICT, "the checkout kept changing; the provider should retry");
    }

    /**
     * Records a verified notification's report, once what the provider echoed of our request
     * agrees with the payment it names: a report whose echo differs is refused as not authentic
     * ({@code invalid_signature}) and changes nothing.
     */
    public Result<Recorded> recordReport(String provider, Notification.Report report) {
        return recordStatus(provider, report.paymentId(), report.status(), report.occurredAt(), report.echo());
    }

    /**
     * Records what {@code provider} says about a payment (a verified report or the answer to a
     * query). A pending status records nothing.
     */
    public Result<Recorded> recordStatus(String provider, String paymentId, ProviderStatus status, Instant occurredAt) {
        return recordStatus(provider, paymentId, status, occurredAt, Notification.Echo.NOTHING);
    }

    private Result<Recorded> recordStatus(String provider, String paymentId, ProviderStatus status, Instant occurredAt,
                                          Notification.Echo echo) {
        Instant at = occurredAt == null ? clock.instant() : occurredAt;
        return switch (status) {
            case ProviderStatus.Succeeded s ->
                    recordPaymentEvent(provider, paymentId, PaymentEvent.SUCCEEDED, s.amount(), s.at() == null ? at : s.at(), echo);
            case ProviderStatus.Failed f -> recordPaymentEvent(provider, paymentId, PaymentEvent.FAILED, 0, at, echo);
            case ProviderStatus.Canceled c -> recordPaymentEvent(provider, paymentId, PaymentEvent.CANCELED, 0, at, echo);
            case ProviderStatus.Expired e -> recordPaymentEvent(provider, paymentId, PaymentEvent.EXPIRED, 0, at, echo);
            case ProviderStatus.Pending p -> CheckoutIds.checkoutOfPayment(paymentId).flatMap(checkouts::find)
                    .<Result<Recorded>>map(c -> Result.ok(new Recorded(c, false, false)))
                    .orElseGet(() -> Result.err(Rejection.Code.UNKNOWN_PAYMENT, "no checkout for payment " + paymentId));
        };
    }

    /**
     * Asks the payment's provider what became of it and records the answer: for unsigned hints,
     * for the citizen's return and for the janitor. {@code provider} must be the payment's own.
     * An unreachable provider leaves the payment as it is ({@code provider_unavailable}); a payment
     * asked about less than {@link #QUERY_INTERVAL} ago is not asked about again and nothing is
     * written ({@code asked_recently}): the caller shows what is stored or has the trigger repeated.
     */
    public Result<Recorded> confirm(String provider, String paymentId) {
        Optional<String> checkoutId = CheckoutIds.checkoutOfPayment(paymentId);
        for (int attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
            Optional<Checkout> checkout = checkoutId.flatMap(checkouts::find);
            Optional<Payment> payment = checkout.flatMap(c -> c.payment(paymentId)).filter(p -> p.provider().equals(provider));
            if (payment.isEmpty()) {
                return Result.err(Rejection.Code.UNKNOWN_PAYMENT, "no " + provider + " payment " + paymentId);
            }
            if (payment.get().status() == PaymentStatus.SUCCEEDED) {
                return Result.ok(new Recorded(checkout.get(), false, false));
            }
            Optional<PaymentProvider> adapter = providers.named(provider);
            if (adapter.isEmpty()) {
                return Result.err(Rejection.Code.PROVIDER_NOT_CONFIGURED, "provider " + provider + " is no longer configured");
            }
            Instant now = clock.instant();
            Instant last = payment.get().lastAskedAt();
            if (last != null && now.isBefore(last.plus(QUERY_INTERVAL))) {
                // Asked a moment ago (by this or a concurrent request): no answer now. Not "nothing
                // happened": a genuine hint just after the return page asked must be delivered again.
                return Result.err(Rejection.Code.ASKED_RECENTLY, "the provider was asked about " + paymentId
                        + " less than " + QUERY_INTERVAL.toSeconds() + " s ago; try again after that");
            }
            Payment asked = payment.get().askedAt(now);
            Checkout marked = checkout.get().withPayment(asked);
            if (!checkouts.update(marked)) {
                continue; // changed meanwhile, perhaps by another request that is asking now: read again
            }
            try {
                return recordStatus(provider, paymentId, adapter.get().query(marked.atVersion(marked.version() + 1), asked), now);
            } catch (ProviderException e) {
                return Result.err(Rejection.Code.PROVIDER_UNAVAILABLE, "could not ask " + provider + ": " + e.getMessage());
            }
        }
        return Result.err(Rejection.Code.CONFLICT, "the checkout kept changing; try again");
    }

    /**
     * Stores that the janitor is asking about {@code paymentId} now (it keeps its own cadence);
     * the checkout as stored, or empty when it kept changing or the attempt is no longer pending.
     */
    private Optional<Checkout> markAsked(Checkout inHand, String paymentId, Instant now) {
        // The janitor's copy is tried first (no read); a changed checkout is read again.
        Optional<Checkout> current = Optional.of(inHand);
        for (int attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
            if (attempt > 0) {
                current = checkouts.find(inHand.id());
            }
            Optional<Payment> payment = current.flatMap(c -> c.payment(paymentId))
                    .filter(p -> p.status() == PaymentStatus.PENDING);
            if (payment.isEmpty()) {
                return Optional.empty();
            }
            Checkout marked = current.get().withPayment(payment.get().askedAt(now));
            if (checkouts.update(marked)) {
                return Optional.of(marked.atVersion(marked.version() + 1));
            }
        }
        return Optional.empty();
    }

    /** What the janitor did with one pending payment. */
    public record Reconciled(String paymentId, String provider, Outcome outcome, String detail, Recorded recorded) {
        public enum Outcome {
            /** The provider's answer was recorded (it may have changed nothing). */
            RECORDED,
            /** The provider says the citizen may still pay. */
            STILL_PENDING,
            /** The provider could not be reached or answered 5xx: asked again on the next run. */
            UNKNOWN,
            /** The answer could not be recorded (e.g. an amount mismatch): needs a person. */
            REFUSED,
            /** The checkout could not be handled at all (a write refused, a defect): logged, asked again next run. */
            FAILED
        }
    }

    /**
     * The janitor's pass over one checkout: each payment still pending {@code minAge} after it
     * started is asked about at its provider and the answer recorded. A payment the provider
     * still calls pending {@code grace} after the checkout expired is canceled there and, if
     * still unpaid afterwards, recorded as expired. Nothing is guessed: an unknown answer leaves
     * the payment pending for the next run.
     */
    public List<Reconciled> reconcile(Checkout checkout, Duration minAge, Duration grace) {
        Instant now = clock.instant();
        List<Reconciled> outcomes = new ArrayList<>();
        for (Payment payment : checkout.payments()) {
            if (payment.status() != PaymentStatus.PENDING || payment.createdAt().plus(minAge).isAfter(now)) {
                continue;
            }
            outcomes.add(reconcile(checkout, payment, now, grace));
        }
        return outcomes;
    }

    private Reconciled reconcile(Checkout checkout, Payment payment, Instant now, Duration grace) {
        Optional<PaymentProvider> adapter = providers.named(payment.provider());
        if (adapter.isEmpty()) {
            return new Reconciled(payment.id(), payment.provider(), Reconciled.Outcome.UNKNOWN,
                    "provider " + payment.provider() + " is not configured", null);
        }
        Optional<Checkout> marked = markAsked(checkout, payment.id(), now);
        if (marked.isEmpty()) {
            return new Reconciled(payment.id(), payment.provider(), Reconciled.Outcome.UNKNOWN,
                    "the attempt changed during the run (no longer pending, or kept changing)", null);
        }
        checkout = marked.get();
        payment = checkout.payment(payment.id()).orElse(payment);
        ProviderStatus status;
        try {
            status = adapter.get().query(checkout, payment);
            if (status instanceof ProviderStatus.Pending && !now.isBefore(checkout.expiresAt().plus(grace))) {
                if (!adapter.get().cancel(payment)) {
                    return new Reconciled(payment.id(), payment.provider(), Reconciled.Outcome.UNKNOWN,
                            "past expiry and the provider did not confirm the cancellation", null);
                }
                status = adapter.get().query(checkout, payment);
                if (status instanceof ProviderStatus.Pending || status instanceof ProviderStatus.Canceled) {
                    status = new ProviderStatus.Expired();
                }
            }
        } catch (ProviderException e) {
            return new Reconciled(payment.id(), payment.provider(), Reconciled.Outcome.UNKNOWN, e.getMessage(), null);
        }
        if (status instanceof ProviderStatus.Pending) {
            return new Reconciled(payment.id(), payment.provider(), Reconciled.Outcome.STILL_PENDING, "pending", null);
        }
        return switch (recordStatus(payment.provider(), payment.id(), status, now)) {
            case Result.Ok<Recorded> ok -> new Reconciled(payment.id(), payment.provider(), Reconciled.Outcome.RECORDED,
                    status.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT), ok.value());
            case Result.Err<Recorded> err -> new Reconciled(payment.id(), payment.provider(),
                    err.rejection().kind() == Rejection.Code.CONFLICT ? Reconciled.Outcome.UNKNOWN : Reconciled.Outcome.REFUSED,
                    err.rejection().code() + ": " + err.rejection().detail(), null);
        };
    }

    private Result<Checkout> modify(Supplier<Optional<Checkout>> read, Function<Checkout, Change> operation) {
        for (int attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
            Optional<Checkout> current = read.get();
            if (current.isEmpty()) {
                return Result.err(Rejection.Code.NOT_FOUND, "no such checkout");
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
        return Result.err(Rejection.Code.CONFLICT, "the checkout kept changing; try again");
    }
}
