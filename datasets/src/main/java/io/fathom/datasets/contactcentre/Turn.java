package io.fathom.datasets.contactcentre;

import java.util.Map;

/**
 * One turn of a generated call: what is said ({@code template} filled from the call's {@code slots}), by whom, as
 * which dialogue act, and where in the call.
 *
 * @param position 0-based index of the turn in its call
 * @param callLength number of turns in the call
 * @param casualTyping whether this call's customer types casually in chat (see {@link Renderings#chat})
 */
record Turn(Template template, int position, int callLength, Map<String, Value> slots, boolean casualTyping) {

    enum Speaker {
        AGENT("agent"), CUSTOMER("customer");

        final String label;

        Speaker(String label) {
            this.label = label;
        }
    }

    /** What a turn does in the call; {@link #label} is the DialogueAct label. */
    enum Act {
        GREETING("greeting"),
        PROBLEM_STATEMENT("problem-statement"),
        VERIFICATION("verification"),
        INFORMATION_REQUEST("information-request"),
        ANSWER("answer"),
        HOLD("hold"),
        EXPLANATION("explanation"),
        RESOLUTION("resolution"),
        ACKNOWLEDGEMENT("acknowledgement"),
        CLOSING("closing");

        final String label;

        Act(String label) {
            this.label = label;
        }
    }

    /** The TurnPosition labels, by third of the call. */
    static final String[] THIRDS = {"beginning", "middle", "end"};

    Speaker speaker() {
        return template.speaker();
    }

    Act act() {
        return template.act();
    }

    /** 0, 1 or 2: the third of the call the turn falls in, {@code floor(3 * position / callLength)}. */
    int third() {
        return 3 * position / callLength;
    }
}
