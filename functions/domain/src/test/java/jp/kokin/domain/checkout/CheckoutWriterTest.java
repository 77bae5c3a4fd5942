package jp.kokin.domain.checkout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The one optimistic write of a checkout, with the repository's promises (InMemoryCheckoutRepository). */
class CheckoutWriterTest {
    private final InMemoryCheckoutRepository repository = new InMemoryCheckoutRepository();
    private final CheckoutWriter writer = new CheckoutWriter(repository);
    private final Checkout created = TestCheckouts.created();

    CheckoutWriterTest() {
        repository.put(created);
    }

    private Change cancel(Checkout c) {
        return c.cancel(TestCheckouts.CREATED_AT);
    }

    @Test
    void a_stored_change_comes_back_as_stored_at_its_new_version() {
        var stored = assertInstanceOf(CheckoutWriter.Written.Stored.class, writer.write(created.id(), this::cancel));

        assertEquals(created.version() + 1, stored.checkout().version());
        assertEquals(repository.stored(created.id()), stored.checkout());
        assertEquals(CheckoutStatus.CANCELED, stored.checkout().status());
    }

    @Test
    void the_checkout_in_hand_is_tried_first_and_read_again_only_after_a_conflict() {
        List<Long> seen = new ArrayList<>();
        repository.concurrently(c -> c);

        var stored = assertInstanceOf(CheckoutWriter.Written.Stored.class, writer.write(created, c -> {
            seen.add(c.version());
            return cancel(c);
        }));

        assertEquals(List.of(0L, 1L), seen, "the copy in hand, then the checkout as the other writer left it");
        assertEquals(2, stored.checkout().version());
    }

    @Test
    void a_refusal_or_no_change_writes_nothing() {
        int writes = repository.writes();
        Checkout canceled = ((CheckoutWriter.Written.Stored) writer.write(created, this::cancel)).checkout();

        var refused = assertInstanceOf(CheckoutWriter.Written.Refused.class,
                writer.write(canceled, c -> c.startPayment(PaymentMethod.CARD, "sandbox", TestCheckouts.CREATED_AT)));
        var unchanged = assertInstanceOf(CheckoutWriter.Written.Unchanged.class, writer.write(canceled, Change.Unchanged::new));

        assertEquals(Rejection.Code.CHECKOUT_NOT_PAYABLE, refused.rejection().kind());
        assertEquals(canceled, unchanged.checkout());
        assertEquals(writes + 1, repository.writes());
    }

    @Test
    void a_checkout_that_is_not_stored_is_missing() {
        assertInstanceOf(CheckoutWriter.Written.Missing.class, writer.write(CheckoutIds.newCheckoutId(), this::cancel));
        assertInstanceOf(CheckoutWriter.Written.Missing.class, writer.write(TestCheckouts.created(), this::cancel));
    }

    @Test
    void a_write_that_loses_every_race_gives_up_after_the_bounded_attempts() {
        List<Long> seen = new ArrayList<>();
        for (int i = 0; i < CheckoutWriter.MAX_ATTEMPTS; i++) {
            repository.concurrently(c -> c);
        }

        var keptChanging = assertInstanceOf(CheckoutWriter.Written.KeptChanging.class, writer.write(created.id(), c -> {
            seen.add(c.version());
            return cancel(c);
        }));

        assertEquals(CheckoutWriter.MAX_ATTEMPTS, seen.size());
        assertEquals(repository.stored(created.id()).version() - 1, keptChanging.lastRead().version());
        assertEquals(CheckoutStatus.CREATED, repository.stored(created.id()).status());
    }
}
