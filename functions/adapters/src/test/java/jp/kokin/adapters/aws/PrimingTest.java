package jp.kokin.adapters.aws;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class PrimingTest {
    @Test
    void initRunsAheadOfRequestsOnlyForSnapStartAndProvisionedConcurrency() {
        assertTrue(Priming.initRunsAhead(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start")));
        assertTrue(Priming.initRunsAhead(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "provisioned-concurrency")));
        assertFalse(Priming.initRunsAhead(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand")));
        assertFalse(Priming.initRunsAhead(Map.of()), "locally, and wherever Lambda does not say");
    }
}
