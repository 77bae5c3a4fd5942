package jp.kokin.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.queue.QueuedReceiptDue;
import jp.kokin.adapters.testing.Checkouts;
import jp.kokin.adapters.testing.TestAws;
import jp.kokin.domain.checkout.Change;
import jp.kokin.domain.checkout.Checkout;
import jp.kokin.domain.checkout.Payment;
import jp.kokin.domain.checkout.PaymentMethod;
import jp.kokin.domain.provider.Callbacks;
import jp.kokin.domain.provider.InboundProviderEvent;
import jp.kokin.domain.provider.ProviderEvent;
import jp.kokin.domain.provider.PaymentProvider;
import jp.kokin.domain.provider.ProviderSession;
import jp.kokin.domain.provider.ProviderStatus;
import jp.kokin.domain.provider.Providers;

/**
 * {@code PaymentJanitorFunction} against DynamoDB Local and ElasticMQ, with a provider that
 * answers as told: each checkout is handled on its own, so one that fails does not stop the run.
 */
class PaymentJanitorIT {
    private TestAws aws;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);

    @BeforeEach
    void freshPlatform() {
        aws = TestAws.create();
    }

    /** A stored checkout with one sandbox attempt started 5 minutes ago. */
    private Checkout pending() {
        Instant started = now.minus(Duration.ofMinutes(5));
        Checkout c = Checkouts.aCheckout().createdAt(started).build();
        c = ((Change.Changed) c.startPayment(PaymentMethod.CARD, "sandbox", started)).checkout();
        aws.ledger().create(c, null);
        return c;
    }

    /** The sandbox account: every attempt succeeded, except that asking about {@code broken} throws. */
    private record PaidExcept(String broken) implements PaymentProvider, Providers {
        @Override
        public String name() {
            return "sandbox";
        }

        @Override
        public ProviderSession start(Checkout checkout, Payment payment, Callbacks callbacks) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ProviderStatus query(Checkout checkout, Payment payment) {
            if (payment.id().equals(broken)) {
                throw new IllegalStateException("simulated defect for one payment");
            }
            return new ProviderStatus.Succeeded(payment.amount(), checkout.createdAt());
        }

        @Override
        public boolean cancel(Payment payment) {
            return false;
        }

        @Override
        public ProviderEvent verify(InboundProviderEvent notification) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<PaymentProvider> forMethod(String organizationCode, PaymentMethod method) {
            return Optional.of(this);
        }

        @Override
        public Optional<PaymentProvider> named(String name) {
            return name.equals("sandbox") ? Optional.of(this) : Optional.empty();
        }
    }

    @Test
    void aCheckoutThatFailsIsCountedAsAFailureAndTheRunGoesOnWithTheOthers() throws Exception {
        Checkout first = pending();
        Checkout broken = pending();
        Checkout last = pending();
        var janitor = new PaymentJanitorHandler(new PaymentJanitorWiring(aws.ledger(), aws.ledger(),
                new PaidExcept(broken.payments().getFirst().id()), new QueuedReceiptDue(aws.receiptQueue()), clock,
                Duration.ofMinutes(3), Duration.ofMinutes(10), 100));
        var out = new ByteArrayOutputStream();

        janitor.handleRequest(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), out, null);

        JsonNode answer = Json.parse(out.toString(StandardCharsets.UTF_8));
        assertEquals(2, answer.path("recorded").asInt(), answer.toString());
        assertEquals(1, answer.path("failed").asInt(), answer.toString());
        assertEquals("paid", aws.ledger().find(first.id()).orElseThrow().status().wire());
        assertEquals("paid", aws.ledger().find(last.id()).orElseThrow().status().wire());
        assertEquals("pending", aws.ledger().find(broken.id()).orElseThrow().payments().getFirst().status().wire(),
                "left for the next run");
    }
}
