package org.jpseries.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.jpseries.cpu.CpuModel;
import org.jpseries.papr.GuestLog;
import org.jpseries.spapr.KernelElf;
import org.jpseries.spapr.SpaprMachine;
import org.jpseries.spapr.SpaprPlatform;
import org.jpseries.spapr.TestKernel;
import org.junit.jupiter.api.Test;

/** A TCP monitor on loopback for a machine that was never started (QEMU's -S prelaunch state). */
class QmpTcpTest {
    @Test
    void loopbackTcpMonitorOfAMachineInPrelaunch() throws Exception {
        KernelElf k = KernelElf.parse(TestKernel.elf(true, 21, new byte[] {0x48, 0, 0, 0}, 0x10000, 0), "loop");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true);
        SpaprMachine m = new SpaprMachine(new SpaprMachine.Options(new SpaprPlatform.Options(CpuModel.POWER8, 2, 256L << 20, 0, ""), false),
                k, null, new ByteArrayOutputStream(), new GuestLog(false, quiet), quiet);
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (QmpServer server = new QmpServer(ChardevSpec.parseQmp("tcp:127.0.0.1:" + port + ",server=on,wait=off"), m, null, quiet).start();
                Socket s = new Socket("127.0.0.1", server.port())) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            assertTrue(QmpClient.JSON.readTree(in.readLine()).has("QMP"));
            out.write("{\"execute\": \"qmp_capabilities\"}\n{\"execute\": \"query-status\"}\n".getBytes(StandardCharsets.UTF_8));
            assertEquals("{}", QmpClient.JSON.readTree(in.readLine()).get("return").toString());
            JsonNode st = QmpClient.JSON.readTree(in.readLine()).get("return");
            assertEquals("prelaunch", st.get("status").asText());
            assertEquals(false, st.get("running").asBoolean());
            out.write("{'execute': 'human-monitor-command', 'arguments': {'command-line': 'info status'}}".getBytes(StandardCharsets.UTF_8));
            assertEquals("VM status: paused (prelaunch)\r\n", QmpClient.JSON.readTree(in.readLine()).get("return").asText());
            out.write("{\"execute\": \"query-cpus-fast\"}".getBytes(StandardCharsets.UTF_8));
            assertEquals(2, QmpClient.JSON.readTree(in.readLine()).get("return").size(), "one entry per vCPU");
            out.write("{\"execute\": \"human-monitor-command\", \"arguments\": {\"command-line\": \"info pic\"}}".getBytes(StandardCharsets.UTF_8));
            String pic = QmpClient.JSON.readTree(in.readLine()).get("return").asText();
            assertTrue(pic.contains("CPU 0 XIRR=") && pic.contains("CPU 1 XIRR="), pic);
        }
    }
}
