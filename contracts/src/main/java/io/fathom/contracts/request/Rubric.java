package io.fathom.contracts.request;

import java.util.List;

/** A scoring rubric: categories with descriptions, default weights and score scales. */
public record Rubric(String name, Double threshold, List<Category> categories) {

    public record Category(String name, String description, Double weight, Scale scale) {
    }

    public record Scale(double min, double max) {
    }
}
