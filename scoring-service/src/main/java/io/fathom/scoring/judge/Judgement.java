package io.fathom.scoring.judge;

import java.util.List;
import java.util.Map;

/**
 * A judge's scores for one answer, 0-1 per category it could apply (a category it could not apply
 * is absent, so its weight moves to the others), with notes on how unusual cases were judged.
 */
public record Judgement(Map<String, Double> scores, List<String> notes) {
}
