package io.fathom.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Charts written as inline SVG, so that a report is one file that needs nothing else: no script,
 * no font or library from elsewhere. Two kinds: lines over a numeric x (accuracy by layer, a
 * mixture curve) and values over categories (bars, or dots with their intervals). Every text from
 * an event passes through {@link #esc}.
 */
final class Svg {

    /** Okabe and Ito's palette: told apart by readers with any common colour-vision deficiency. */
    static final List<String> COLOURS = List.of("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
            "#000000", "#999933");

    enum Style { LINE, DASHED, BARS, DOTS }

    /** A value at x (a number, or the index of a category); low and high an interval around it, if any. */
    record Point(double x, double y, Double low, Double high, boolean marked, String tip) {
        static Point of(double x, double y, String tip) {
            return new Point(x, y, null, null, false, tip);
        }
    }

    record Series(String name, String colour, Style style, List<Point> points) {
    }

    /** A horizontal reference line across the plot, e.g. a baseline. */
    record Rule(String name, double y, String colour) {
    }

    private static final int WIDTH = 600;
    private static final int PLOT_HEIGHT = 250;
    private static final int LEFT = 62;
    private static final int RIGHT = 18;
    private static final int TOP = 34;
    private static final int FONT = 13;
    /** Width of a character at the SVG's font size, for layout without measuring text. */
    private static final double CHAR = 7.2;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<String> categories;
    private final List<Series> series = new ArrayList<>();
    private final List<Rule> rules = new ArrayList<>();
    private double yMin = Double.NaN;
    private double yMax = Double.NaN;

    private Svg(String title, String xLabel, String yLabel, List<String> categories) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.categories = categories;
    }

    /** Lines over a numeric x axis. */
    static Svg lines(String title, String xLabel, String yLabel) {
        return new Svg(title, xLabel, yLabel, null);
    }

    /** Bars or dots over categories; a point's x is its category's index. */
    static Svg groups(String title, String xLabel, String yLabel, List<String> categories) {
        return new Svg(title, xLabel, yLabel, categories);
    }

    Svg add(Series s) {
        series.add(s);
        return this;
    }

    Svg rule(Rule r) {
        rules.add(r);
        return this;
    }

    /** Widens the y axis to include these values (e.g. 0 and 1 for a rate). */
    Svg include(double... ys) {
        for (double y : ys) {
            extendY(y);
        }
        return this;
    }

    private void extendY(double y) {
        if (!Double.isFinite(y)) {
            return;
        }
        yMin = Double.isNaN(yMin) ? y : Math.min(yMin, y);
        yMax = Double.isNaN(yMax) ? y : Math.max(yMax, y);
    }

    String render() {
        for (Series s : series) {
            if (s.style() == Style.BARS) {
                extendY(0); // bars grow from zero
            }
            for (Point p : s.points()) {
                extendY(p.y());
                if (p.low() != null) {
                    extendY(p.low());
                }
                if (p.high() != null) {
                    extendY(p.high());
                }
            }
        }
        rules.forEach(r -> extendY(r.y()));
        if (Double.isNaN(yMin)) {
            yMin = 0;
            yMax = 1;
        }
        Axis y = Axis.of(yMin, yMax, 8);
        Axis x = categories == null ? Axis.of(series.stream().flatMap(s -> s.points().stream())
                .mapToDouble(Point::x).min().orElse(0), series.stream().flatMap(s -> s.points().stream())
                .mapToDouble(Point::x).max().orElse(1), 13) : null;

        int plotWidth = WIDTH - LEFT - RIGHT;
        double slot = categories == null ? 0 : (double) plotWidth / Math.max(1, categories.size());
        int longest = categories == null ? 0 : categories.stream().mapToInt(String::length).max().orElse(0);
        boolean slanted = categories != null && longest * CHAR > slot - 6;
        int tickSpace = slanted ? (int) (Math.min(longest, 24) * CHAR * 0.6) + 22 : 22;
        int plotBottom = TOP + PLOT_HEIGHT;
        List<String[]> legend = legendEntries();
        List<List<String[]>> legendRows = legendRows(legend, WIDTH - LEFT);
        int legendTop = plotBottom + tickSpace + 30;
        int height = legendTop + Math.max(0, legendRows.size() - 1) * 20 + 12; // the last row's descenders

        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg viewBox=\"0 0 %d %d\""
                + " width=\"%d\" height=\"%d\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"%d\""
                + " role=\"img\" aria-label=\"%s\">", WIDTH, height, WIDTH, height, FONT, esc(title)));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"15\" font-weight=\"bold\">%s</text>",
                LEFT - 50, esc(clip(title, 78))));

        // y grid, ticks and label
        for (double tick : y.ticks()) {
            double py = yPos(y, tick, plotBottom);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>",
                    LEFT, py, WIDTH - RIGHT, py));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                    LEFT - 6, py + 4, y.label(tick)));
        }
        svg.append(String.format(Locale.ROOT, "<text transform=\"translate(16 %d) rotate(-90)\" text-anchor=\"middle\">%s</text>",
                TOP + PLOT_HEIGHT / 2, esc(yLabel)));
        if (y.min() < 0 && y.max() > 0) {
            double zero = yPos(y, 0, plotBottom);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#555\"/>",
                    LEFT, zero, WIDTH - RIGHT, zero));
        }

        // x ticks and label
        if (categories == null) {
            for (double tick : x.ticks()) {
                double px = xPos(x, tick, plotWidth);
                svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\"/>",
                        px, plotBottom, px, plotBottom + 5));
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", px,
                        plotBottom + 18, x.label(tick)));
            }
        } else {
            for (int i = 0; i < categories.size(); i++) {
                double px = LEFT + slot * (i + 0.5);
                String label = esc(clip(categories.get(i), 24));
                svg.append(slanted
                        ? String.format(Locale.ROOT, "<text transform=\"translate(%.1f %d) rotate(-35)\" text-anchor=\"end\">%s</text>",
                                px + 4, plotBottom + 14, label)
                        : String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", px,
                                plotBottom + 18, label));
            }
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                LEFT + plotWidth / 2, plotBottom + tickSpace + 16, esc(xLabel)));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>",
                LEFT, TOP, plotWidth, PLOT_HEIGHT));

        for (Rule r : rules) {
            double py = yPos(y, r.y(), plotBottom);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\""
                    + " stroke-width=\"1.5\" stroke-dasharray=\"2 3\"><title>%s: %.3f</title></line>", LEFT, py,
                    WIDTH - RIGHT, py, r.colour(), esc(r.name()), r.y()));
        }

        List<Series> grouped = series.stream().filter(s -> s.style() == Style.BARS || s.style() == Style.DOTS).toList();
        double band = slot * 0.8 / Math.max(1, grouped.size());
        for (Series s : series) {
            if (categories == null) {
                StringBuilder path = new StringBuilder();
                for (Point p : s.points()) {
                    path.append(String.format(Locale.ROOT, "%.1f,%.1f ", xPos(x, p.x(), plotWidth), yPos(y, p.y(), plotBottom)));
                }
                svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>",
                        path.toString().trim(), s.colour(), s.style() == Style.DASHED ? " stroke-dasharray=\"6 4\"" : ""));
                for (Point p : s.points()) {
                    interval(svg, p, xPos(x, p.x(), plotWidth), y, plotBottom, s.colour());
                    svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%s\" fill=\"%s\"%s><title>%s</title></circle>",
                            xPos(x, p.x(), plotWidth), yPos(y, p.y(), plotBottom), p.marked() ? "6" : "2.5",
                            s.style() == Style.DASHED ? "#fff" : s.colour(),
                            s.style() == Style.DASHED || p.marked() ? " stroke=\"" + s.colour() + "\" stroke-width=\"1.5\"" : "",
                            esc(p.tip())));
                }
                continue;
            }
            int index = grouped.indexOf(s);
            for (Point p : s.points()) {
                double centre = LEFT + slot * p.x() + slot * 0.1 + band * (index + 0.5);
                double py = yPos(y, p.y(), plotBottom);
                if (s.style() == Style.BARS) {
                    double base = yPos(y, Math.max(y.min(), Math.min(0, y.max())), plotBottom);
                    svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s</title></rect>",
                            centre - band * 0.45, Math.min(py, base), band * 0.9, Math.abs(base - py), s.colour(), esc(p.tip())));
                } else {
                    svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"%s\"><title>%s</title></circle>",
                            centre, py, s.colour(), esc(p.tip())));
                }
                interval(svg, p, centre, y, plotBottom, s.style() == Style.BARS ? "#222" : s.colour());
            }
        }

        int row = 0;
        for (List<String[]> entries : legendRows) {
            double px = LEFT - 50;
            int py = legendTop + row++ * 20;
            for (String[] e : entries) {
                svg.append(swatch(e[1], e[2], px, py));
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>", px + 28, py + 4, esc(e[0])));
                px += legendWidth(e[0]);
            }
        }
        return svg.append("</svg>").toString();
    }

    /** Name, colour and style of every legend entry: series, then rules. */
    private List<String[]> legendEntries() {
        List<String[]> entries = new ArrayList<>();
        series.forEach(s -> entries.add(new String[] {s.name(), s.colour(), s.style().name()}));
        rules.forEach(r -> entries.add(new String[] {r.name(), r.colour(), "RULE"}));
        return entries;
    }

    private static List<List<String[]>> legendRows(List<String[]> entries, double width) {
        List<List<String[]>> rows = new ArrayList<>();
        List<String[]> row = new ArrayList<>();
        double used = 0;
        for (String[] e : entries) {
            if (!row.isEmpty() && used + legendWidth(e[0]) > width) {
                rows.add(row);
                row = new ArrayList<>();
                used = 0;
            }
            row.add(e);
            used += legendWidth(e[0]);
        }
        if (!row.isEmpty()) {
            rows.add(row);
        }
        return rows;
    }

    private static double legendWidth(String name) {
        return 28 + name.length() * CHAR + 18;
    }

    /** The point's interval, if it has one: a vertical whisker at {@code centre} with short caps. */
    private static void interval(StringBuilder svg, Point p, double centre, Axis y, int plotBottom, String stroke) {
        if (p.low() == null || p.high() == null) {
            return;
        }
        double lo = yPos(y, p.low(), plotBottom);
        double hi = yPos(y, p.high(), plotBottom);
        svg.append(String.format(Locale.ROOT, "<path d=\"M%.1f %.1fV%.1fM%.1f %.1fH%.1fM%.1f %.1fH%.1f\" stroke=\"%s\""
                + " stroke-width=\"1.5\"/>", centre, lo, hi, centre - 4, lo, centre + 4, centre - 4, hi, centre + 4,
                stroke));
    }

    private static String swatch(String colour, String style, double x, int y) {
        return switch (style) {
            case "BARS" -> String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"22\" height=\"10\" fill=\"%s\"/>",
                    x, y - 5, colour);
            case "DOTS" -> String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%d\" r=\"4.5\" fill=\"%s\"/>", x + 11, y, colour);
            default -> String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\""
                    + " stroke-width=\"2\"%s/>", x, y, x + 22, y, colour, switch (style) {
                        case "DASHED" -> " stroke-dasharray=\"6 4\"";
                        case "RULE" -> " stroke-dasharray=\"2 3\"";
                        default -> "";
                    });
        };
    }

    private static double yPos(Axis y, double value, int plotBottom) {
        return plotBottom - (value - y.min()) / (y.max() - y.min()) * PLOT_HEIGHT;
    }

    private static double xPos(Axis x, double value, int plotWidth) {
        return LEFT + (value - x.min()) / (x.max() - x.min()) * plotWidth;
    }

    /** An axis from min to max in steps of 1, 2 or 5 times a power of ten, at most {@code maxTicks} of them. */
    record Axis(double min, double max, double step) {

        static Axis of(double low, double high, int maxTicks) {
            if (high - low < 1e-9) {
                low -= 0.05;
                high += 0.05;
            }
            double magnitude = Math.pow(10, Math.floor(Math.log10((high - low) / maxTicks)));
            double step = magnitude;
            for (double m : new double[] {1, 2, 2.5, 5, 10}) {
                step = m * magnitude;
                if ((high - low) / step <= maxTicks) {
                    break;
                }
            }
            return new Axis(Math.floor(low / step + 1e-9) * step, Math.ceil(high / step - 1e-9) * step, step);
        }

        List<Double> ticks() {
            List<Double> ticks = new ArrayList<>();
            for (long i = Math.round(min / step); i * step <= max + step * 1e-6; i++) {
                ticks.add(i * step);
            }
            return ticks;
        }

        String label(double tick) {
            int decimals = Math.max(0, BigDecimal.valueOf(step).stripTrailingZeros().scale());
            return BigDecimal.valueOf(tick).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
        }
    }

    /** Text made safe for HTML and SVG: a model or task name can never open a tag or leave an attribute. */
    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String clip(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
