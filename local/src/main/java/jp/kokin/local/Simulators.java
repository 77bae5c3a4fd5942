package jp.kokin.local;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jp.kokin.simulators.Simulator;
import jp.kokin.simulators.paypay.PayPaySimulator;
import jp.kokin.simulators.sbps.SbpsSimulator;
import jp.kokin.simulators.stripe.StripeSimulator;

/**
 * The provider simulators the seed points at: every {@code providers} entry whose {@code baseUrl} is
 * {@code {local base URL}/_sim/{name}} gets the simulator of its type, mounted there and built from
 * the same settings (credentials, secrets) as the adapter, so that the adapter talks to it exactly as
 * it would to the provider. Their notifications go to {@code /webhooks/{name}}.
 */
final class Simulators {

    static final String MOUNT = "/_sim/";

    private Simulators() {}

    /** Simulators by provider name. */
    static Map<String, Simulator> fromSeed(byte[] seed, String baseUrl, Clock clock) {
        Map<String, Simulator> simulators = new LinkedHashMap<>();
        JsonNode providers;
        try {
            providers = new ObjectMapper().readTree(seed).path("providers");
        } catch (java.io.IOException e) {
            return simulators;
        }
        var mapper = new ObjectMapper();
        providers.fields().forEachRemaining(entry -> {
            String name = entry.getKey();
            JsonNode settings = entry.getValue();
            if (!settings.path("baseUrl").asText("").equals(baseUrl + MOUNT + name)) {
                return;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = mapper.convertValue(settings, Map.class);
            String webhookUrl = new jp.kokin.domain.PlatformLinks(baseUrl).providerEvents(name);
            String type = settings.path("type").asText(name);
            Simulator simulator = switch (type) {
                case "paypay" -> PayPaySimulator.fromSettings(map, webhookUrl, clock);
                case "sbps" -> SbpsSimulator.fromSettings(map, webhookUrl, clock);
                case "stripe" -> StripeSimulator.fromSettings(map, webhookUrl, clock);
                default -> null;
            };
            if (simulator != null) {
                simulators.put(name, simulator);
            }
        });
        return simulators;
    }
}
