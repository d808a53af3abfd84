package io.fathom.scoring.judge;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict verdict parsing: only the last non-blank line of a judge's output counts, and it must be
 * exactly {@code Score: <number>} (or {@code Winner: A|B|tie}). A score mentioned anywhere else
 * (in reasoning, or in an echoed prompt, where "Score: 5" is an instruction) is never read.
 */
public final class Verdicts {

    private static final Pattern SCORE = Pattern.compile("(?i)score\\s*:\\s*(-?\\d+(?:\\.\\d+)?)\\s*\\**");
    private static final Pattern WINNER = Pattern.compile("(?i)winner\\s*:\\s*(A|B|tie)\\s*\\**");
    private static final int SHOWN = 120;

    private Verdicts() {
    }

    /**
     * The score in the last line, which must lie on {@code [min, max]}.
     *
     * @throws UnparseableVerdictException when the last line is not a score on the scale
     */
    public static double score(String output, double min, double max) {
        Matcher matcher = SCORE.matcher(stripMarkup(lastLine(output)));
        if (!matcher.matches()) {
            throw new UnparseableVerdictException("the judge's last line is not 'Score: <number>': "
                    + shown(lastLine(output)));
        }
        double score = Double.parseDouble(matcher.group(1));
        if (score < min || score > max) {
            throw new UnparseableVerdictException("the judge's score " + matcher.group(1) + " is outside the scale ["
                    + min + ", " + max + "]");
        }
        return score;
    }

    /** "A", "B" or "tie" from the last line. */
    public static String winner(String output) {
        Matcher matcher = WINNER.matcher(stripMarkup(lastLine(output)));
        if (!matcher.matches()) {
            throw new UnparseableVerdictException("the judge's last line is not 'Winner: A|B|tie': "
                    + shown(lastLine(output)));
        }
        String winner = matcher.group(1);
        return winner.equalsIgnoreCase("tie") ? "tie" : winner.toUpperCase(java.util.Locale.ROOT);
    }

    static String lastLine(String output) {
        if (output == null) {
            return "";
        }
        String[] lines = output.strip().split("\\R");
        return lines[lines.length - 1].strip();
    }

    /** Judges often bold their verdict; asterisks and a trailing full stop carry no meaning. */
    private static String stripMarkup(String line) {
        String stripped = line.replace("**", "").strip();
        return stripped.endsWith(".") ? stripped.substring(0, stripped.length() - 1) : stripped;
    }

    private static String shown(String line) {
        if (line.isEmpty()) {
            return "(empty output)";
        }
        return "'" + (line.length() > SHOWN ? line.substring(0, SHOWN) + "..." : line) + "'";
    }
}
