package io.fathom.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fathom.contracts.Json;
import java.io.IOException;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Units finished past a committed offset, written into the offset's metadata as a JSON array of
 * {@code [firstOffset, runId, name]}, with the submission as a fourth element where there is one. The broker keeps at most 4,096 characters of metadata
 * (offset.metadata.max.bytes); units that do not fit are left out and, if replayed, publish the
 * same results again under the same keys.
 */
final class FinishedUnits {

    static final int MAX_CHARS = 3_500;

    private FinishedUnits() {
    }

    static String encode(NavigableMap<Long, UnitId> units) {
        if (units.isEmpty()) {
            return "";
        }
        ArrayNode array = Json.MAPPER.createArrayNode();
        int chars = 2;
        for (Map.Entry<Long, UnitId> entry : units.entrySet()) {
            ArrayNode unit = Json.MAPPER.createArrayNode().add(entry.getKey()).add(entry.getValue().runId())
                    .add(entry.getValue().name());
            if (entry.getValue().submission() != null) {
                unit.add(entry.getValue().submission());
            }
            chars += unit.toString().length() + 1;
            if (chars > MAX_CHARS) {
                break;
            }
            array.add(unit);
        }
        return array.toString();
    }

    /** What {@link #encode} wrote; anything else (another tool's metadata) reads as none. */
    static NavigableMap<Long, UnitId> decode(String metadata) {
        NavigableMap<Long, UnitId> units = new TreeMap<>();
        if (metadata == null || metadata.isEmpty()) {
            return units;
        }
        try {
            for (JsonNode unit : Json.MAPPER.readTree(metadata)) {
                if (unit.isArray() && (unit.size() == 3 || unit.size() == 4) && unit.get(0).canConvertToLong()
                        && unit.get(1).isTextual()) {
                    units.put(unit.get(0).asLong(), new UnitId(unit.get(1).asText(),
                            unit.get(2).isTextual() ? unit.get(2).asText() : null,
                            unit.size() == 4 && unit.get(3).isTextual() ? unit.get(3).asText() : null));
                }
            }
        } catch (IOException e) {
            units.clear();
        }
        return units;
    }
}
