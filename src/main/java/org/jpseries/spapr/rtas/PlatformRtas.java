package org.jpseries.spapr.rtas;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.DateTimeException;
import org.jpseries.hw.SpaprVty;
import org.jpseries.papr.MachineControl;
import org.jpseries.papr.VcpuControl;
import org.jpseries.papr.Rtas;
import org.jpseries.papr.RtasCall;
import org.jpseries.papr.RtasTokens;

/**
 * The machine-wide RTAS services of QEMU's spapr_rtas.c / spapr_rtc.c / spapr_events.c:
 * time of day, power, CPU start/stop, the display-character debug output and ibm,os-term
 * (event-scan and check-exception are {@link RtasEvents}).
 */
public final class PlatformRtas {
    private final MachineControl machine;
    private final VcpuControl vcpus;
    private final SpaprVty console;
    private final Rtc rtc;

    public PlatformRtas(MachineControl machine, VcpuControl vcpus, SpaprVty console, Rtc rtc) {
        this.machine = machine;
        this.vcpus = vcpus;
        this.console = console;
        this.rtc = rtc;
    }

    public void register(Rtas rtas) {
        rtas.register(RtasTokens.DISPLAY_CHARACTER, "display-character", this::displayCharacter);
        rtas.register(RtasTokens.GET_TIME_OF_DAY, "get-time-of-day", this::getTimeOfDay);
        rtas.register(RtasTokens.SET_TIME_OF_DAY, "set-time-of-day", this::setTimeOfDay);
        rtas.register(RtasTokens.POWER_OFF, "power-off", this::powerOff);
        rtas.register(RtasTokens.SYSTEM_REBOOT, "system-reboot", this::systemReboot);
        rtas.register(RtasTokens.QUERY_CPU_STOPPED_STATE, "query-cpu-stopped-state", this::queryCpuStoppedState);
        rtas.register(RtasTokens.START_CPU, "start-cpu", this::startCpu);
        rtas.register(RtasTokens.STOP_SELF, "stop-self", this::stopSelf);
        rtas.register(RtasTokens.IBM_OS_TERM, "ibm,os-term", this::osTerm);
    }

    void displayCharacter(RtasCall c) {
        if (console == null) {
            c.ret(0, Rtas.OUT_HW_ERROR);
            return;
        }
        console.putChars(new byte[] {(byte) c.arg(0)}, 0, 1);
        c.ret(0, Rtas.OUT_SUCCESS);
    }

    /** get-time-of-day() -> status, year, month, day, hour, minute, second, nanosecond. */
    void getTimeOfDay(RtasCall c) {
        if (c.nret() != 8) {
            c.paramError();
            return;
        }
        LocalDateTime t = rtc.now();
        c.ret(0, Rtas.OUT_SUCCESS);
        c.ret(1, t.getYear());
        c.ret(2, t.getMonthValue());
        c.ret(3, t.getDayOfMonth());
        c.ret(4, t.getHour());
        c.ret(5, t.getMinute());
        c.ret(6, t.getSecond());
        c.ret(7, t.getNano());
    }

    /** set-time-of-day(year, month, day, hour, minute, second, nanosecond) -> status. */
    void setTimeOfDay(RtasCall c) {
        if (!c.expect(7, 1)) return;
        try {
            LocalDateTime t = LocalDateTime.of((int) c.arg(0), (int) c.arg(1), (int) c.arg(2), (int) c.arg(3),
                    (int) c.arg(4), (int) c.arg(5));
            rtc.set(t);
            c.ret(0, Rtas.OUT_SUCCESS);
        } catch (DateTimeException e) {
            c.paramError();
        }
    }

    void powerOff(RtasCall c) {
        if (!c.expect(2, 1)) return;
        c.ret(0, Rtas.OUT_SUCCESS);
        machine.requestPowerOff();
    }

    void systemReboot(RtasCall c) {
        if (!c.expect(0, 1)) return;
        c.ret(0, Rtas.OUT_SUCCESS);
        machine.requestReset();
    }

    /** query-cpu-stopped-state(cpu) -> status, 0 stopped / 2 running. */
    void queryCpuStoppedState(RtasCall c) {
        if (!c.expect(1, 2)) return;
        long id = c.arg(0);
        if (id >= vcpus.count()) {
            c.paramError();
            return;
        }
        c.ret(1, vcpus.isStopped((int) id) ? 0 : 2);
        c.ret(0, Rtas.OUT_SUCCESS);
    }

    /** start-cpu(cpu, start address, r3) -> status. */
    void startCpu(RtasCall c) {
        if (!c.expect(3, 1)) return;
        long id = c.arg(0);
        if (id >= vcpus.count()) {
            c.paramError();
            return;
        }
        if (!vcpus.isStopped((int) id)) {
            c.ret(0, Rtas.OUT_HW_ERROR);
            return;
        }
        vcpus.start((int) id, c.arg(1), c.arg(2));
        c.ret(0, Rtas.OUT_SUCCESS);
    }

    void stopSelf(RtasCall c) {
        vcpus.stopSelf(c.vcpuId());
    }

    void osTerm(RtasCall c) {
        if (!c.expect(1, 1)) return;
        long addr = c.arg(0);
        StringBuilder msg = new StringBuilder();
        for (int i = 0; i < 511 && c.ram().contains(addr + i, 1); i++) {
            int ch = c.ram().readU8(addr + i);
            if (ch == 0) break;
            msg.append((char) ch);
        }
        c.ret(0, Rtas.OUT_SUCCESS);
        machine.guestPanicked(new String(msg.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }
}
