package jp.kokin.simulators;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

/** One simulator on its own loopback port (tests): {@code baseUrl()} is what the adapter's {@code baseUrl} setting gets. */
public final class SimulatorServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads;
    private final Simulator simulator;

    private SimulatorServer(Simulator simulator) throws IOException {
        this.simulator = simulator;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        threads = Executors.newFixedThreadPool(8, Thread.ofPlatform().daemon().name("sim-http-", 0).factory());
        server.setExecutor(threads);
        server.createContext("/", simulator);
        server.start();
    }

    public static SimulatorServer start(Simulator simulator) {
        try {
            return new SimulatorServer(simulator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public Simulator simulator() {
        return simulator;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        simulator.close();
    }
}
