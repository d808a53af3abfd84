package io.fathom.datasets.contactcentre;

import io.fathom.datasets.Example;
import io.fathom.datasets.Sizes;
import io.fathom.datasets.Splits;
import io.fathom.datasets.TaskFamily;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Probing tasks for the contact-centre domain, the {@code contact-centre} family of built-in datasets, generated from
 * synthetic calls between an agent and a customer. Every task is class-balanced per split (each split's size rounded
 * down to a multiple of the number of labels), shuffled, and the same for the same seed.
 *
 * <h2>The calls</h2>
 * A call is one of eight scenarios (billing dispute, broadband outage, password reset, delivery problem, plan
 * upgrade, cancellation, refund, address change) inside steps every call shares: the agent greets, the customer
 * (sometimes greets and) states the problem, the agent (sometimes sympathises and) verifies the customer's name and
 * one more detail, asks one to three scenario questions, may put the customer on hold, explains the cause, may
 * answer a question from the customer, resolves, and the call closes. Calls have 14 to 27 turns. Slot values are
 * drawn for every call: customer and agent names, streets, amounts, dates, order numbers, references, postcodes,
 * products, plans. Each example is one turn of a freshly generated call.
 *
 * <p>Train, dev and test say things in different words: the phrasings (about 380, at least three per step and
 * scenario, and per question and answer) are dealt out in thirds, so that no sentence frame of a test turn was seen
 * in train, and no test text equals a train text; a probe must recognise a speaker, an act or a channel in words it
 * has not been trained on. Customer names, agent names and streets come from disjoint lists too; numbers, amounts,
 * dates, postcodes and references are random; companies, products and plans are shared.
 *
 * <h2>Renderings</h2>
 * A turn is rendered from the same content in one of two ways:
 * <ul>
 *   <li><b>chat</b>: as typed, with the phrasing's case and punctuation and values in digits and symbols
 *       ({@code £42.50}, {@code 3 March}, {@code order 48213967}, {@code LS6 2QT}). In a third of the calls the
 *       customer types casually: all lower case, with {@code u}, {@code ur}, {@code pls}, {@code thx}, {@code ok}
 *       for you, your/you're, please, thanks, okay; agents always type properly.</li>
 *   <li><b>voice</b>: as a normalised speech-recognition transcript: lower case, letters and spaces only, values in
 *       words ({@code forty two pounds fifty}, {@code the third of march}, codes a character at a time:
 *       {@code l s six two q t}), contractions written out ({@code i am}, {@code do not}). The speaker hesitates:
 *       a customer restarts (a word or two said twice) in a quarter of turns and says zero to two fillers
 *       ({@code uh}, {@code um}, {@code er}, {@code erm}, {@code you know}, {@code i mean}, {@code like}); an agent
 *       restarts in a tenth of turns and says a filler in a quarter.</li>
 * </ul>
 * Every chat text contains a capital letter, a digit or punctuation and no voice text does, so the channel can always
 * be read off the surface; what a voice text says is the same as the chat text's, so topic and dialogue act carry
 * no information about the channel.
 *
 * <h2>Tasks</h2>
 * <ul>
 *   <li><b>SpeakerRole</b> ({@code agent}, {@code customer}): who says the turn.</li>
 *   <li><b>TurnPosition</b> ({@code beginning}, {@code middle}, {@code end}): the third of the call the turn falls
 *       in, {@code floor(3 * i / n)} for turn {@code i} (from 0) of {@code n}. Greetings are always at the
 *       beginning and closings at the end, so the dialogue act is a strong cue.</li>
 *   <li><b>DialogueAct</b>: what the turn does:
 *       {@code greeting} (agent's welcome, customer's hello),
 *       {@code problem-statement} (customer's reason for contact),
 *       {@code verification} (identity checks: the agent's questions, the customer's answers, the agent's
 *       confirmation),
 *       {@code information-request} (a question about the problem, from the agent or the customer),
 *       {@code answer} (the reply to such a question),
 *       {@code hold} (agent asks the customer to wait while checking),
 *       {@code explanation} (agent explains the cause),
 *       {@code resolution} (agent says what has been done),
 *       {@code acknowledgement} (customer's okay or thanks, agent's sympathy),
 *       {@code closing} (offer of further help, its refusal, goodbyes).</li>
 *   <li><b>Channel</b> ({@code voice}, {@code chat}): the rendering of a random turn, as described above.</li>
 *   <li><b>AsrNoise</b> ({@code clean}, {@code noisy}): a voice transcript as said, or with simulated recognition
 *       errors (see below) at a rate of bin 1, 2 or 3, each a third of the noisy examples.</li>
 *   <li><b>AsrNoiseLevel</b> ({@code 0}, {@code 1}, {@code 2}, {@code 3}): the word error rate of a voice
 *       transcript against the clean one, in bins 0%, (0, 10%], (10, 20%] and (20, 35%].</li>
 * </ul>
 * SpeakerRole, TurnPosition and DialogueAct take the parameter {@code channel}: {@code chat}, {@code voice} (clean
 * transcripts) or {@code mixed} (each example one or the other at random, the default). Channel, AsrNoise and
 * AsrNoiseLevel take no parameters.
 *
 * <h2>Speech-recognition noise</h2>
 * The two ASR tasks use turns whose clean transcript has at least 10 words, so that every bin is reachable at every
 * length and the length says nothing about the label. The number of errors is drawn uniformly from those the bin
 * allows; each error is a substitution with probability 3/5 (from a confusion list of words that sound or look
 * alike, such as bill/bell, account/a count, fifteen/fifty; a deletion where no word left is on the list), a
 * deletion 1/5, or an insertion of a short word 1/5. The label is then measured, not assumed: it is the bin of the
 * word-level edit distance between the noisy and the clean transcript divided by the clean word count, and a noisy
 * transcript whose errors cancelled out into another bin is drawn again.
 */
public final class ContactCentreTasks {

    public enum Task {
        SPEAKER_ROLE("SpeakerRole", List.of("agent", "customer"), true),
        TURN_POSITION("TurnPosition", List.of(Turn.THIRDS), true),
        DIALOGUE_ACT("DialogueAct", Arrays.stream(Turn.Act.values()).map(act -> act.label).toList(), true),
        CHANNEL("Channel", List.of("voice", "chat"), false),
        ASR_NOISE("AsrNoise", List.of("clean", "noisy"), false),
        ASR_NOISE_LEVEL("AsrNoiseLevel", List.of("0", "1", "2", "3"), false);

        final String name;
        final List<String> labels;
        /** Whether the task takes the {@code channel} parameter. */
        final boolean rendered;

        Task(String name, List<String> labels, boolean rendered) {
            this.name = name;
            this.labels = labels;
            this.rendered = rendered;
        }

        static Task byName(String name) {
            return Arrays.stream(values()).filter(t -> t.name.equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown contact-centre task '" + name + "'"));
        }

        public String taskName() {
            return name;
        }

        public List<String> labels() {
            return labels;
        }
    }

    /** How SpeakerRole, TurnPosition and DialogueAct render their turns: the {@code channel} parameter. */
    enum Rendering {
        CHAT, VOICE, MIXED;

        static Rendering of(String value) {
            return Arrays.stream(values()).filter(r -> r.name().equalsIgnoreCase(value)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "channel must be chat, voice or mixed, got '" + value + "'"));
        }
    }

    /**
     * An example with what it was made from, for checking labels against the generator.
     *
     * @param cleanTranscript for AsrNoise and AsrNoiseLevel, the clean transcript the text was noised from; null
     *        for the other tasks
     */
    record Sample(Example example, Turn turn, String cleanTranscript) {
    }

    private static final String CHANNEL_PARAMETER = "channel";
    private static final int MAX_CALLS_PER_EXAMPLE = 1_000;

    /** The tasks as the {@code contact-centre} family of built-in datasets. */
    public static final TaskFamily FAMILY = new TaskFamily() {
        @Override
        public String name() {
            return "contact-centre";
        }

        @Override
        public List<String> tasks() {
            return Arrays.stream(Task.values()).map(Task::taskName).toList();
        }

        @Override
        public List<Example> generate(String task, Sizes sizes, long seed, Map<String, String> parameters) {
            return ContactCentreTasks.generate(Task.byName(task), sizes, seed, parameters);
        }
    };

    private ContactCentreTasks() {
    }

    /** @throws IllegalArgumentException naming a parameter the task does not take, or a bad {@code channel} */
    public static List<Example> generate(Task task, Sizes sizes, long seed, Map<String, String> parameters) {
        Set<String> unknown = new TreeSet<>(parameters.keySet());
        if (task.rendered) {
            unknown.remove(CHANNEL_PARAMETER);
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("contact-centre/" + task.name
                    + (task.rendered ? " takes only 'channel'" : " takes no parameters") + ", got " + unknown);
        }
        Rendering rendering = Rendering.of(parameters.getOrDefault(CHANNEL_PARAMETER, "mixed"));
        return samples(task, sizes, seed, rendering).stream().map(Sample::example).toList();
    }

    /** Balanced samples: each split's size is rounded down to a multiple of the number of labels. */
    static List<Sample> samples(Task task, Sizes sizes, long seed, Rendering rendering) {
        return Splits.balanced(task.labels, sizes, seed, task.ordinal(),
                (split, random) -> label -> sample(task, label, split, rendering, random));
    }

    /** One turn, from a fresh call, whose label for {@code task} is {@code label}. */
    private static Sample sample(Task task, String label, int split, Rendering rendering, SplittableRandom random) {
        return switch (task) {
            case SPEAKER_ROLE, TURN_POSITION, DIALOGUE_ACT -> {
                Predicate<Turn> labelled = switch (task) {
                    case SPEAKER_ROLE -> turn -> turn.speaker().label.equals(label);
                    case TURN_POSITION -> turn -> Turn.THIRDS[turn.third()].equals(label);
                    default -> turn -> turn.act().label.equals(label);
                };
                Turn turn = turn(split, random, labelled);
                boolean voice = rendering == Rendering.VOICE || rendering == Rendering.MIXED && random.nextBoolean();
                String text = voice ? Renderings.voice(turn, random) : Renderings.chat(turn);
                yield new Sample(new Example(Splits.NAMES.get(split), label, text), turn, null);
            }
            case CHANNEL -> {
                Turn turn = turn(split, random, any -> true);
                String text = label.equals("voice") ? Renderings.voice(turn, random) : Renderings.chat(turn);
                yield new Sample(new Example(Splits.NAMES.get(split), label, text), turn, null);
            }
            case ASR_NOISE, ASR_NOISE_LEVEL -> {
                int bin = task == Task.ASR_NOISE_LEVEL ? Integer.parseInt(label)
                        : label.equals("clean") ? 0 : 1 + random.nextInt(3);
                for (int calls = 0; calls < MAX_CALLS_PER_EXAMPLE; calls++) {
                    Turn turn = turn(split, random, any -> true);
                    String clean = Renderings.voice(turn, random);
                    if (clean.split(" ").length >= AsrNoise.MIN_WORDS) {
                        String text = AsrNoise.noisy(clean, bin, random);
                        yield new Sample(new Example(Splits.NAMES.get(split), label, text), turn, clean);
                    }
                }
                throw new IllegalStateException("no call had a turn of " + AsrNoise.MIN_WORDS + " words or more");
            }
        };
    }

    /** A random turn matching {@code wanted}, from the first fresh call that has one. */
    private static Turn turn(int split, SplittableRandom random, Predicate<Turn> wanted) {
        for (int calls = 0; calls < MAX_CALLS_PER_EXAMPLE; calls++) {
            List<Turn> candidates = Calls.generate(random, split).stream().filter(wanted).toList();
            if (!candidates.isEmpty()) {
                return Slots.pick(candidates, random);
            }
        }
        throw new IllegalStateException("no call had a turn as wanted");
    }
}
