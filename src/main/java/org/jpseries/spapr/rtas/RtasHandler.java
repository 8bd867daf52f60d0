package org.jpseries.spapr.rtas;

@FunctionalInterface
public interface RtasHandler {
    void call(RtasCall c);
}
