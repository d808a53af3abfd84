package io.fathom.contracts.request;

import java.util.List;

/**
 * How the probe-service trains: the L2 grid (liblinear's C, loss weight) searched on dev, whether
 * to add a control task and an MLP probe. Absent fields take the defaults below.
 */
public record ProbeOptions(List<Double> cGrid, Boolean control, Boolean mlp) {

    public static final List<Double> DEFAULT_C_GRID = List.of(0.001, 0.01, 0.1, 1.0, 10.0, 100.0);
    public static final ProbeOptions DEFAULTS = new ProbeOptions(DEFAULT_C_GRID, true, false);

    ProbeOptions withDefaults() {
        return new ProbeOptions(cGrid == null ? DEFAULT_C_GRID : cGrid, control == null || control,
                mlp != null && mlp);
    }
}
