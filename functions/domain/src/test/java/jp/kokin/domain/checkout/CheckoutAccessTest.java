package jp.kokin.domain.checkout;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

import jp.kokin.domain.Hashes;
import jp.kokin.domain.catalog.ApiKey;
import jp.kokin.domain.catalog.Role;

/** The one rule of who sees a checkout through the API, and hence its receipt. */
class CheckoutAccessTest {
    private static final String TOKYO = "130001";
    private static final ApiKey MYNA = portalKey("myna", ApiKey.ALL_ORGANIZATIONS);
    private static final ApiKey TOKYO_PORTAL = portalKey("tokyo", TOKYO);

    private static ApiKey portalKey(String portal, String... organizations) {
        return new ApiKey(Hashes.sha256Hex(portal + "-key"), Role.PORTAL, portal, Set.of(organizations));
    }

    private static ApiKey operatorKey(String... organizations) {
        return new ApiKey(Hashes.sha256Hex("operator-" + String.join(",", organizations)), Role.OPERATOR, null,
                Set.of(organizations));
    }

    private static Checkout tokyoCheckoutOf(String portal) {
        return TestCheckouts.aCheckout().forOrganization(TOKYO).forPortal(portal).build();
    }

    @Test
    void a_portal_key_sees_only_the_checkouts_its_portal_created() {
        assertTrue(CheckoutAccess.visible(TOKYO_PORTAL, tokyoCheckoutOf("tokyo")));
        assertFalse(CheckoutAccess.visible(TOKYO_PORTAL, tokyoCheckoutOf("myna")), "same organization, other portal");
        assertFalse(CheckoutAccess.visible(MYNA, tokyoCheckoutOf("tokyo")), "a key for every organization, other portal");
        assertTrue(CheckoutAccess.visible(MYNA, tokyoCheckoutOf("myna")));
    }

    @Test
    void a_portal_key_does_not_see_its_portals_checkouts_outside_its_organizations() {
        ApiKey chiyodaOnly = portalKey("tokyo", "131016");
        assertFalse(CheckoutAccess.visible(chiyodaOnly, tokyoCheckoutOf("tokyo")));
    }

    @Test
    void an_operator_key_sees_every_portals_checkouts_of_its_organizations() {
        assertTrue(CheckoutAccess.visible(operatorKey(ApiKey.ALL_ORGANIZATIONS), tokyoCheckoutOf("myna")));
        assertTrue(CheckoutAccess.visible(operatorKey(TOKYO), tokyoCheckoutOf("tokyo")));
        assertFalse(CheckoutAccess.visible(operatorKey("131016"), tokyoCheckoutOf("myna")));
    }
}
