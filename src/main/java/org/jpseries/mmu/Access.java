package org.jpseries.mmu;

/** The kind of storage access being translated. */
public enum Access {
    LOAD, STORE, FETCH
}
