package org.jpseries.papr;

@FunctionalInterface
public interface RtasHandler {
    void call(RtasCall c);
}
