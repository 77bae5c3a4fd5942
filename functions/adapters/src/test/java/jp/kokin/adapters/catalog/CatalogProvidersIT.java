package jp.kokin.adapters.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.kokin.adapters.json.Json;
import jp.kokin.adapters.testing.TestAws;
import jp.kokin.adapters.testing.TestCatalog;
import jp.kokin.domain.catalog.Catalog;
import jp.kokin.domain.checkout.PaymentMethod;

/** The {@code providers} and {@code methods} sections: which account serves which method, for whom. */
class CatalogProvidersIT {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private TestAws aws;
    private CatalogLoader loader;

    @BeforeEach
    void setUp() {
        aws = TestAws.create();
        loader = new CatalogLoader(aws.dynamoDb(), aws.catalogTable());
    }

    private ObjectNode catalog() {
        return (ObjectNode) Json.parse(TestCatalog.json("https://portal.example.jp/n"));
    }

    private Catalog loadAndRead(ObjectNode root) {
        loader.load(Json.write(root).getBytes(StandardCharsets.UTF_8));
        return aws.catalog(Clock.systemUTC()).get();
    }

    private static void twoSandboxAccounts(ObjectNode root) {
        ObjectNode providers = root.putObject("providers");
        providers.putObject("sandbox").put("webhookSecret", SECRET);
        ObjectNode second = providers.putObject("sandbox-tokyo");
        second.put("type", "sandbox");
        second.putArray("webhookSecret").add(SECRET).add("whsec_QW8vfW1ef08Udn+2/BYP/ZO2YHSvFfw1BQHbdxXSX3s=");
    }

    @Test
    void aCatalogWithOnlyTheSandboxKeepsEveryMethodOnTheSandbox() {
        Catalog catalog = loadAndRead(catalog());
        for (PaymentMethod m : PaymentMethod.values()) {
            assertEquals(Optional.of("sandbox"), catalog.providerFor("131016", m), m.wire());
        }
    }

    @Test
    void methodsMapToAccountsAndAnOrganizationMayUseItsOwnAccount() {
        ObjectNode root = catalog();
        twoSandboxAccounts(root);
        root.putObject("methods").put("card", "sandbox").put("paypay", "sandbox");
        ((ObjectNode) root.get("organizations").get(2)).putObject("methods").put("card", "sandbox-tokyo");

        Catalog catalog = loadAndRead(root);

        String tokyo = catalog.organizations().values().stream().filter(o -> o.methods().containsKey(PaymentMethod.CARD))
                .findFirst().orElseThrow().code().value();
        assertEquals(Optional.of("sandbox-tokyo"), catalog.providerFor(tokyo, PaymentMethod.CARD));
        assertEquals(Optional.of("sandbox"), catalog.providerFor(tokyo, PaymentMethod.PAYPAY));
        assertEquals(Optional.of("sandbox"), catalog.providerFor("131016", PaymentMethod.CARD));
        assertEquals(Optional.empty(), catalog.providerFor("131016", PaymentMethod.DPAY),
                "with a methods section, an unmapped method is not offered");
        assertEquals(List.of(SECRET, "whsec_QW8vfW1ef08Udn+2/BYP/ZO2YHSvFfw1BQHbdxXSX3s="),
                catalog.provider("sandbox-tokyo").orElseThrow().webhookSecrets(), "current first, then previous");
        assertEquals("sandbox", catalog.provider("sandbox-tokyo").orElseThrow().type());
    }

    @Test
    void unknownTypesMethodsAndAccountsAreRefusedWithTheirPaths() {
        ObjectNode root = catalog();
        twoSandboxAccounts(root);
        ((ObjectNode) root.get("providers")).putObject("bank").put("type", "furikomi");
        ((ObjectNode) root.get("providers")).putObject("Bad Name").put("webhookSecret", SECRET);
        root.putObject("methods").put("card", "nobody").put("cash", "sandbox");
        ((ObjectNode) root.get("organizations").get(0)).putObject("methods").put("paypay", "ghost");
        byte[] bad = Json.write(root).getBytes(StandardCharsets.UTF_8);

        var e = assertThrows(CatalogCodec.InvalidCatalogException.class, () -> loader.load(bad));
        String problems = String.join("\n", e.problems());

        assertTrue(problems.contains("providers.bank.type: unknown provider type 'furikomi'"), problems);
        assertTrue(problems.contains("providers.Bad Name: a provider name is"), problems);
        assertTrue(problems.contains("methods.card: no provider named nobody"), problems);
        assertTrue(problems.contains("methods.cash: unknown method"), problems);
        assertTrue(problems.contains(".methods.paypay: no provider named ghost"), problems);
    }

    @Test
    void aSandboxSecretThatIsNotAStandardWebhooksKeyIsRefusedButAReferenceIsKept() {
        ObjectNode root = catalog();
        root.putObject("providers").putObject("sandbox").put("webhookSecret", "hunter2");
        var e = assertThrows(CatalogCodec.InvalidCatalogException.class,
                () -> loader.load(Json.write(root).getBytes(StandardCharsets.UTF_8)));
        assertTrue(String.join("\n", e.problems()).contains("providers.sandbox.webhookSecret: must be whsec_"), e.getMessage());

        ((ObjectNode) root.get("providers").get("sandbox")).put("webhookSecret", "secretsmanager:kokin/providers#sandbox");
        assertEquals(List.of("secretsmanager:kokin/providers#sandbox"),
                loadAndRead(root).provider("sandbox").orElseThrow().webhookSecrets());
    }
}
