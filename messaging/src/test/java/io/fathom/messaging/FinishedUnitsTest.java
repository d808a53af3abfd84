package io.fathom.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FinishedUnitsTest {

    @Test
    void unitsReadBackAsWrittenWithTheirSubmissions() {
        NavigableMap<Long, UnitId> units = new TreeMap<>();
        units.put(3L, new UnitId("r1", "s"));
        units.put(9L, new UnitId("r1", "s", "0@7"));
        units.put(12L, new UnitId("r2", null, "2@40"));
        String metadata = FinishedUnits.encode(units);
        assertThat(metadata).contains("[9,\"r1\",\"s\",\"0@7\"]").contains("[3,\"r1\",\"s\"]");
        assertThat(FinishedUnits.decode(metadata)).isEqualTo(units);
    }

    @Test
    void metadataOfAnotherToolReadsAsNoUnits() {
        assertThat(FinishedUnits.decode("not json")).isEmpty();
        assertThat(FinishedUnits.decode("[[1,2,3,4,5]]")).isEmpty();
    }
}
