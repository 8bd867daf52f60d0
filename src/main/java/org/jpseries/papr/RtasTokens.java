package org.jpseries.papr;

/** RTAS tokens as QEMU numbers them (include/hw/ppc/spapr.h, RTAS_TOKEN_BASE 0x2000). */
public final class RtasTokens {
    private RtasTokens() {}

    public static final int BASE = 0x2000;
    public static final int DISPLAY_CHARACTER = BASE, GET_TIME_OF_DAY = BASE + 0x01, SET_TIME_OF_DAY = BASE + 0x02,
            POWER_OFF = BASE + 0x03, SYSTEM_REBOOT = BASE + 0x04, QUERY_CPU_STOPPED_STATE = BASE + 0x05,
            START_CPU = BASE + 0x06, STOP_SELF = BASE + 0x07, IBM_SET_XIVE = BASE + 0x0A, IBM_GET_XIVE = BASE + 0x0B,
            IBM_INT_OFF = BASE + 0x0C, IBM_INT_ON = BASE + 0x0D, CHECK_EXCEPTION = BASE + 0x0E, EVENT_SCAN = BASE + 0x0F,
            NVRAM_FETCH = BASE + 0x12, NVRAM_STORE = BASE + 0x13, READ_PCI_CONFIG = BASE + 0x14, WRITE_PCI_CONFIG = BASE + 0x15,
            IBM_READ_PCI_CONFIG = BASE + 0x16, IBM_WRITE_PCI_CONFIG = BASE + 0x17,
            IBM_QUERY_INTERRUPT_SOURCE_NUMBER = BASE + 0x18, IBM_CHANGE_MSI = BASE + 0x19, IBM_OS_TERM = BASE + 0x1F,
            IBM_QUERY_PE_DMA_WINDOW = BASE + 0x26, IBM_CREATE_PE_DMA_WINDOW = BASE + 0x27, IBM_REMOVE_PE_DMA_WINDOW = BASE + 0x28,
            IBM_RESET_PE_DMA_WINDOW = BASE + 0x29;
}
