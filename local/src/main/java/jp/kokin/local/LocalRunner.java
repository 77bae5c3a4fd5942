package jp.kokin.local;

import java.lang.management.ManagementFactory;

/**
 * {@code java -jar local/target/kokin-local.jar [--port N] [--seed FILE] [--no-seed] [--template FILE] [--no-schedules]}.
 */
public final class LocalRunner {

    private LocalRunner() {}

    public static void main(String[] args) {
        LocalOptions options;
        try {
            options = LocalOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("Usage: java -jar local/target/kokin-local.jar [--port N] [--seed FILE] [--no-seed] "
                    + "[--template FILE] [--no-schedules]");
            System.exit(2);
            return;
        }
        LocalPlatform platform;
        try {
            platform = LocalPlatform.start(options);
        } catch (RuntimeException e) {
            System.err.println("kokin-local: could not start: " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(platform::close, "shutdown"));
        long jvmToReady = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        String url = platform.baseUrl();
        System.err.printf("""

                Kokin (公金) local platform ready on %1$s  (%2$d ms from JVM start, %3$d ms platform start)
                  demo API keys: demo-portal-key (portal "myna": 131016, 131041, 130001), demo-operator-key (operator),
                                 demo-approver-key (a second operator: approves what demo-operator-key requests)
                  health:        curl -s %1$s/_local/health
                  invoke:        curl -s -X POST %1$s/_local/invoke/ReceiptSweeperFunction -d '{}'
                  AWS requests:  curl -s %1$s/_local/requests
                  portal inbox:  curl -s %1$s/_local/portal/notifications
                  console:       %1$s/console/  (sign in at the development provider %1$s/_oidc as a demo user, no password:)
                %4$s
                Ctrl-C to stop.

                """, url, jvmToReady, platform.startupTime().toMillis(), DevIdentityProvider.banner());
    }
}
