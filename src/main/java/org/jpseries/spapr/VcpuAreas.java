package org.jpseries.spapr;

import org.jpseries.state.Role;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;

/**
 * A vCPU's H_REGISTER_VPA registrations (QEMU's SpaprCpuState and its vmstate "spapr_cpu"): the
 * VPA, the SLB shadow and the dispatch trace log. Written by H_REGISTER_VPA under the
 * {@link PlatformHcalls} lock; reset, saved and loaded on the control thread with every vCPU
 * stopped (so no hcall runs); carried in the vCPU's section as subsection "spapr-cpu".
 */
final class VcpuAreas {
    static final String SUBSECTION = "spapr-cpu";

    @Role(kind = Role.Kind.STATE, value = "vpa")
    long vpa;
    @Role(kind = Role.Kind.STATE, value = "slb-shadow")
    long slbShadow;
    @Role(kind = Role.Kind.STATE, value = "slb-shadow-size")
    long slbShadowSize;
    @Role(kind = Role.Kind.STATE, value = "dtl")
    long dtl;
    @Role(kind = Role.Kind.STATE, value = "dtl-size")
    long dtlSize;

    /** vCPU reset: every registration dropped (spapr_reset_vcpu). */
    void reset() {
        vpa = slbShadow = slbShadowSize = dtl = dtlSize = 0;
    }

    Section save() {
        return new Section(SUBSECTION, 0, 1).i64("vpa", vpa).i64("slb-shadow", slbShadow).i64("slb-shadow-size", slbShadowSize)
                .i64("dtl", dtl).i64("dtl-size", dtlSize);
    }

    void load(Section s) throws StateException {
        vpa = s.i64("vpa");
        slbShadow = s.i64("slb-shadow");
        slbShadowSize = s.i64("slb-shadow-size");
        dtl = s.i64("dtl");
        dtlSize = s.i64("dtl-size");
    }
}
