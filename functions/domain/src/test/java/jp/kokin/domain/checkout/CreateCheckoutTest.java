package jp.kokin.domain.checkout;

import static jp.kokin.domain.checkout.TestCatalogs.JUMINHYO;
import static jp.kokin.domain.checkout.TestCatalogs.KOSEKI;
import static jp.kokin.domain.checkout.TestCatalogs.MYNA;
import static jp.kokin.domain.checkout.TestCatalogs.MYNA_KEY;
import static jp.kokin.domain.checkout.TestCatalogs.OPERATOR_KEY;
import static jp.kokin.domain.checkout.TestCatalogs.PASSPORT;
import static jp.kokin.domain.checkout.TestCatalogs.RETURN_URL;
import static jp.kokin.domain.checkout.TestCatalogs.SHINJUKU;
import static jp.kokin.domain.checkout.TestCatalogs.SHINJUKU_KEY;
import static jp.kokin.domain.checkout.TestCatalogs.SHINJUKU_PORTAL;
import static jp.kokin.domain.checkout.TestCatalogs.TOKYO;
import static jp.kokin.domain.checkout.TestCheckouts.CREATED_AT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link CreateCheckout}: validation, pricing from the catalog, idempotency. */
class CreateCheckoutTest extends CheckoutUseCaseFixture {

    // ---- create --------------------------------------------------------------------------------

    @Nested
    class Create {

        @Test
        void aValidRequestStoresANewCheckoutPricedFromTheCatalog() {
            NewCheckout request = aRequest().forOrganization(TOKYO).withItem(PASSPORT, 2).expiringInMinutes(30).build();

            CreateCheckout.Created created = ok(creation.create(MYNA_KEY, request, null));

            Checkout checkout = created.checkout();
            assertFalse(created.replayed());
            assertTrue(CheckoutIds.isCheckoutId(checkout.id()), checkout.id());
            assertEquals(CheckoutStatus.CREATED, checkout.status());
            assertEquals(TOKYO, checkout.organizationCode());
            assertEquals(MYNA, checkout.portalId(), "the portal is the caller's, not the request's");
            assertEquals(2 * 16000, checkout.amount());
            assertEquals(CREATED_AT, checkout.createdAt());
            assertEquals(CREATED_AT.plus(Duration.ofMinutes(30)), checkout.expiresAt());
            assertEquals(checkout, repository.stored(checkout.id()));
        }

        @Test
        void invalidFieldsAreAllReportedWithTheirPathsAndNothingIsStored() {
            NewCheckout request = aRequest()
                    .withItem(JUMINHYO, 0)
                    .withItem(" ", 100)
                    .withReference("")
                    .withReturnUrl(" ")
                    .expiringInMinutes(4)
                    .withMetadata("k".repeat(41), "v")
                    .build();

            Rejection rejection = rejected("invalid_request", creation.create(MYNA_KEY, request, "key-1"));

            assertEquals(Set.of(
                    "items[0].quantity:out_of_range",
                    "items[1].procedureCode:required",
                    "items[1].quantity:out_of_range",
                    "reference:invalid_length",
                    "returnUrl:required",
                    "expiresInMinutes:out_of_range",
                    "metadata." + "k".repeat(40) + "…:invalid_length"), fieldsAndCodes(rejection)); // a long key is quoted cut
            assertEquals(0, repository.checkoutCount());
        }

        @Test
        void aRequestWithoutItemsIsInvalid() {
            Rejection rejection = rejected("invalid_request", creation.create(MYNA_KEY, aRequest().build(), null));
            assertEquals(Set.of("items:required"), fieldsAndCodes(rejection));
        }

        @Test
        void moreThanFifteenMetadataPairsAreInvalid() {
            RequestBuilder request = aRequest().withItem(JUMINHYO, 1);
            for (int i = 0; i < 16; i++) {
                request.withMetadata("key" + i, "value");
            }
            Rejection rejection = rejected("invalid_request", creation.create(MYNA_KEY, request.build(), null));
            assertEquals(Set.of("metadata:too_many"), fieldsAndCodes(rejection));
        }

        @Test
        void anOrganizationCodeWithAWrongCheckDigitIsRefusedWithTheReason() {
            NewCheckout request = aRequest().forOrganization("131017").withItem(JUMINHYO, 1).build();

            Rejection rejection = rejected("invalid_organization_code", creation.create(MYNA_KEY, request, null));

            assertEquals(Set.of("organizationCode:invalid_organization_code"), fieldsAndCodes(rejection));
            assertTrue(rejection.detail().contains("check digit of 131017 should be 6"), rejection.detail());
            assertEquals(rejection.detail(), rejection.errors().getFirst().message());
        }

        @Test
        void anOrganizationNotInTheCatalogIsUnknown() {
            NewCheckout minato = aRequest().forOrganization("131032").withItem(JUMINHYO, 1).build();
            rejected("unknown_organization", creation.create(MYNA_KEY, minato, null));
        }

        @Test
        void anOrganizationTheKeyMayNotActForIsUnknownToIt() {
            rejected("unknown_organization", creation.create(SHINJUKU_KEY, aJuminhyoRequest(), null));
            assertEquals(0, repository.checkoutCount());
        }

        @Test
        void aProcedureTheOrganizationDoesNotOfferIsUnknownWithItsItemPath() {
            NewCheckout request = aRequest().withItem(JUMINHYO, 1).withItem(PASSPORT, 1).build();

            Rejection rejection = rejected("unknown_procedure", creation.create(MYNA_KEY, request, null));

            assertEquals(Set.of("items[1].procedureCode:unknown_procedure"), fieldsAndCodes(rejection));
            assertEquals(0, repository.checkoutCount());
        }

        @Test
        void aReturnUrlOutsideThePortalsPrefixesIsNotAllowed() {
            for (String url : List.of("https://evil.example.jp/applications/1",
                    "https://portal.example.jp.evil.example/applications/1",
                    "https://shinsei.city.shinjuku.example.jp/other-portals-page")) {
                Rejection rejection = rejected("invalid_request",
                        creation.create(MYNA_KEY, aRequest().withItem(JUMINHYO, 1).withReturnUrl(url).build(), null));
                assertEquals(Set.of("returnUrl:return_url_not_allowed"), fieldsAndCodes(rejection), url);
            }
            // plain http to a public host is no return URL at all, whatever the prefixes
            Rejection http = rejected("invalid_request", creation.create(MYNA_KEY, aRequest().withItem(JUMINHYO, 1)
                    .withReturnUrl("http://portal.example.jp/applications/1").build(), null));
            assertEquals(Set.of("returnUrl:invalid_url"), fieldsAndCodes(http));
            assertEquals(0, repository.checkoutCount());
        }

        @Test
        void anyOfThePortalsPrefixesIsAllowed() {
            NewCheckout staging = aRequest().withItem(JUMINHYO, 1)
                    .withReturnUrl("https://staging.portal.example.jp/applications/9").build();
            ok(creation.create(MYNA_KEY, staging, null));
        }

        @Test
        void anOperatorKeyCannotCreateCheckouts() {
            rejected("forbidden", creation.create(OPERATOR_KEY, aJuminhyoRequest(), null));
            assertEquals(0, repository.checkoutCount());
        }

        @Test
        void aKeyScopedToOneOrganizationCreatesForIt() {
            NewCheckout request = aRequest().forOrganization(SHINJUKU).withItem(JUMINHYO, 1)
                    .withReturnUrl("https://shinsei.city.shinjuku.example.jp/done").build();
            Checkout checkout = ok(creation.create(SHINJUKU_KEY, request, null)).checkout();
            assertEquals(SHINJUKU_PORTAL, checkout.portalId());
            assertEquals(300, checkout.amount());
        }
    }

    // ---- idempotency ---------------------------------------------------------------------------

    @Nested
    class Idempotency {

        @Test
        void theSameKeyAndBodyReplaysTheSameCheckout() {
            Checkout first = ok(creation.create(MYNA_KEY, aJuminhyoRequest(), "order-42")).checkout();
            clock.advance(Duration.ofMinutes(3));

            CreateCheckout.Created again = ok(creation.create(MYNA_KEY, aJuminhyoRequest(), "order-42"));

            assertTrue(again.replayed());
            assertEquals(first, again.checkout());
            assertEquals(1, repository.checkoutCount());
        }

        @Test
        void aReplayShowsTheCheckoutAsItIsNow() {
            Checkout first = ok(creation.create(MYNA_KEY, aJuminhyoRequest(), "order-42")).checkout();
            ok(startPayment(first.id(), PaymentMethod.PAYPAY));

            Checkout replayed = ok(creation.create(MYNA_KEY, aJuminhyoRequest(), "order-42")).checkout();

            assertEquals(CheckoutStatus.PENDING, replayed.status());
        }

        @Test
        void theSameKeyWithAnotherBodyIsRefused() {
            ok(creation.create(MYNA_KEY, aJuminhyoRequest(), "order-42"));

            NewCheckout other = aRequest().withItem(JUMINHYO, 2).build();
            rejected("idempotency_key_reused", creation.create(MYNA_KEY, other, "order-42"));
            assertEquals(1, repository.checkoutCount());
        }

        @Test
        void theOrderOfMetadataDoesNotChangeTheRequest() {
            NewCheckout ab = aRequest().withItem(JUMINHYO, 1).withMetadata("a", "1").withMetadata("b", "2").build();
            NewCheckout ba = aRequest().withItem(JUMINHYO, 1).withMetadata("b", "2").withMetadata("a", "1").build();
            assertEquals(CreateCheckout.fingerprint(ab), CreateCheckout.fingerprint(ba));

            Checkout first = ok(creation.create(MYNA_KEY, ab, "order-42")).checkout();
            CreateCheckout.Created again = ok(creation.create(MYNA_KEY, ba, "order-42"));
            assertTrue(again.replayed());
            assertEquals(first.id(), again.checkout().id());
        }

        @Test
        void metadataThatOnlyLooksAlikeWhenPrintedIsAnotherRequest() {
            NewCheckout twoPairs = aRequest().withItem(JUMINHYO, 1).withMetadata("a", "1").withMetadata("b", "2").build();
            NewCheckout onePair = aRequest().withItem(JUMINHYO, 1).withMetadata("a", "1, b=2").build();
            assertNotEquals(CreateCheckout.fingerprint(twoPairs), CreateCheckout.fingerprint(onePair));

            ok(creation.create(MYNA_KEY, twoPairs, "order-42"));
            rejected("idempotency_key_reused", creation.create(MYNA_KEY, onePair, "order-42"));
        }

        @Test
        void fieldsThatOnlyLookAlikeWhenJoinedAreAnotherRequest() {
            NewCheckout a = aRequest().withItem(JUMINHYO, 1).withReference("A\u0000" + RETURN_URL)
                    .withReturnUrl(RETURN_URL + "\u0000x").build();
            NewCheckout b = aRequest().withItem(JUMINHYO, 1).withReference("A")
                    .withReturnUrl(RETURN_URL + "\u0000" + RETURN_URL + "\u0000x").build();
            assertNotEquals(CreateCheckout.fingerprint(a), CreateCheckout.fingerprint(b));
        }

        @Test
        void eachFieldOfTheRequestIsPartOfItsFingerprint() {
            String base = CreateCheckout.fingerprint(aJuminhyoRequest());
            for (NewCheckout changed : List.of(
                    aRequest().forOrganization(SHINJUKU).withItem(JUMINHYO, 1).build(),
                    aRequest().withItem(KOSEKI, 1).build(),
                    aRequest().withItem(JUMINHYO, 1).withReference("APP-0002").build(),
                    aRequest().withItem(JUMINHYO, 1).withReturnUrl(RETURN_URL + "?x").build(),
                    aRequest().withItem(JUMINHYO, 1).offering(PaymentMethod.CARD).build(),
                    aRequest().withItem(JUMINHYO, 1).expiringInMinutes(61).build(),
                    aRequest().withItem(JUMINHYO, 1).withMetadata("a", "1").build())) {
                assertNotEquals(base, CreateCheckout.fingerprint(changed), changed.toString());
            }
        }

        @Test
        void keysAreThePortalsOwnSoAnotherPortalMayUseTheSameKey() {
            Checkout mine = ok(creation.create(MYNA_KEY, aJuminhyoRequest(), "order-42")).checkout();
            NewCheckout shinjuku = aRequest().forOrganization(SHINJUKU).withItem(JUMINHYO, 1)
                    .withReturnUrl("https://shinsei.city.shinjuku.example.jp/done").build();

            CreateCheckout.Created theirs = ok(creation.create(SHINJUKU_KEY, shinjuku, "order-42"));

            assertFalse(theirs.replayed());
            assertNotEquals(mine.id(), theirs.checkout().id());
        }

        @Test
        void withoutAKeyEveryRequestCreatesACheckout() {
            ok(creation.create(MYNA_KEY, aJuminhyoRequest(), null));
            ok(creation.create(MYNA_KEY, aJuminhyoRequest(), null));
            assertEquals(2, repository.checkoutCount());
        }

        @Test
        void aKeyMayBeUsedAgainAfterTwentyFourHours() {
            Checkout first = ok(creation.create(MYNA_KEY, aJuminhyoRequest(), "order-42")).checkout();
            clock.advance(CreateCheckout.IDEMPOTENCY_WINDOW);

            CreateCheckout.Created later = ok(creation.create(MYNA_KEY, aRequest().withItem(KOSEKI, 1).build(),
                    "order-42"));

            assertFalse(later.replayed());
            assertNotEquals(first.id(), later.checkout().id());
        }
    }
}
