package io.fathom.datasets.contactcentre;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fathom.datasets.BuiltinDatasets;
import io.fathom.datasets.Example;
import io.fathom.datasets.Sizes;
import io.fathom.datasets.SurfaceCues;
import io.fathom.datasets.contactcentre.ContactCentreTasks.Rendering;
import io.fathom.datasets.contactcentre.ContactCentreTasks.Sample;
import io.fathom.datasets.contactcentre.ContactCentreTasks.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Labels are checked against the texts, and against the generator's turns, by means independent of the labelling. */
class ContactCentreTasksTest {

    private static final Sizes SMALL = new Sizes(240, 60, 60);
    private static final String VOICE_TEXT = "[a-z]+( [a-z]+)*";
    /** A capital, a digit, punctuation or a currency sign: something typed that a transcript never has. */
    private static final String TYPED_TEXT = ".*[A-Z0-9\\p{Punct}£].*";

    @Test
    void everyTaskIsClassBalancedPerSplitAndReproducible() {
        for (Task task : Task.values()) {
            List<Example> examples = ContactCentreTasks.generate(task, SMALL, 7, Map.of());
            for (String split : List.of("train", "dev", "test")) {
                Map<String, Long> counts = examples.stream().filter(e -> e.split().equals(split))
                        .collect(Collectors.groupingBy(Example::label, Collectors.counting()));
                assertThat(counts.keySet()).as(task + " " + split).containsExactlyInAnyOrderElementsOf(task.labels());
                assertThat(Set.copyOf(counts.values())).as(task + " " + split + " balanced").hasSize(1);
            }
            assertThat(ContactCentreTasks.generate(task, SMALL, 7, Map.of())).isEqualTo(examples);
            assertThat(ContactCentreTasks.generate(task, SMALL, 8, Map.of())).isNotEqualTo(examples);
        }
    }

    @Test
    void speakerActAndPositionLabelsAreThoseOfTheGeneratedTurn() {
        for (Task task : List.of(Task.SPEAKER_ROLE, Task.DIALOGUE_ACT, Task.TURN_POSITION)) {
            for (Sample sample : ContactCentreTasks.samples(task, new Sizes(300, 0, 0), 3, Rendering.CHAT)) {
                Turn turn = sample.turn();
                String label = sample.example().label();
                assertThat(sample.example().text()).isEqualTo(Renderings.chat(turn));
                switch (task) {
                    case SPEAKER_ROLE -> assertThat(label).isEqualTo(turn.speaker().label);
                    case DIALOGUE_ACT -> assertThat(label).isEqualTo(turn.act().label);
                    default -> {
                        double third = turn.callLength() / 3.0;
                        String expected = turn.position() < third ? "beginning"
                                : turn.position() < 2 * third ? "middle" : "end";
                        assertThat(label).as("turn %d of %d", turn.position(), turn.callLength()).isEqualTo(expected);
                    }
                }
            }
        }
    }

    @Test
    void theChannelParameterPicksTheRendering() {
        String dialogueAct = "contact-centre/DialogueAct";
        List<Example> voice = BuiltinDatasets.generate(dialogueAct, SMALL, 1, Map.of("channel", "voice"));
        assertThat(voice).allSatisfy(e -> assertThat(e.text()).matches(VOICE_TEXT));
        List<Example> chat = BuiltinDatasets.generate(dialogueAct, SMALL, 1, Map.of("channel", "chat"));
        assertThat(chat).allSatisfy(e -> assertThat(e.text()).matches(TYPED_TEXT));
        List<Example> mixed = BuiltinDatasets.generate(dialogueAct, SMALL, 1, Map.of());
        assertThat(mixed).anySatisfy(e -> assertThat(e.text()).matches(VOICE_TEXT))
                .anySatisfy(e -> assertThat(e.text()).doesNotMatch(VOICE_TEXT));
    }

    @Test
    void voiceAndChatRenderTheSameTurnEachInItsOwnWay() {
        for (Sample sample : ContactCentreTasks.samples(Task.CHANNEL, new Sizes(400, 0, 0), 4, Rendering.MIXED)) {
            String text = sample.example().text();
            if (sample.example().label().equals("voice")) {
                assertThat(text).matches(VOICE_TEXT);
                assertSaysTheTurnsWords(text, sample.turn());
            } else {
                assertThat(text).isEqualTo(Renderings.chat(sample.turn())).matches(TYPED_TEXT);
            }
        }
    }

    @Test
    void asrNoiseChangesTheCleanTranscriptOfTheSameTurn() {
        for (Sample sample : ContactCentreTasks.samples(Task.ASR_NOISE, new Sizes(400, 0, 0), 5, Rendering.MIXED)) {
            String clean = sample.cleanTranscript();
            assertThat(clean).matches(VOICE_TEXT);
            assertThat(clean.split(" ").length).isGreaterThanOrEqualTo(10);
            assertSaysTheTurnsWords(clean, sample.turn());
            if (sample.example().label().equals("clean")) {
                assertThat(sample.example().text()).isEqualTo(clean);
            } else {
                assertThat(sample.example().text()).matches(VOICE_TEXT).isNotEqualTo(clean);
            }
        }
    }

    @Test
    void asrNoiseLevelIsTheBinOfTheMeasuredWordErrorRate() {
        Set<String> injectable = new HashSet<>(AsrNoise.INSERTIONS);
        AsrNoise.CONFUSIONS.values().forEach(confusions -> confusions
                .forEach(confusion -> injectable.addAll(List.of(confusion.split(" ")))));
        // each label's error rate in percent: above the first bound, at most the second
        Map<String, int[]> percentBounds = Map.of("0", new int[] {-1, 0}, "1", new int[] {0, 10}, "2",
                new int[] {10, 20}, "3", new int[] {20, 35});
        for (Sample sample : ContactCentreTasks.samples(Task.ASR_NOISE_LEVEL, new Sizes(800, 0, 0), 6,
                Rendering.MIXED)) {
            List<String> clean = List.of(sample.cleanTranscript().split(" "));
            List<String> noisy = List.of(sample.example().text().split(" "));
            int errors = editDistance(clean, noisy);
            int[] bounds = percentBounds.get(sample.example().label());
            assertThat(errors * 100).as("%s -> %s", clean, noisy).isGreaterThan(bounds[0] * clean.size())
                    .isLessThanOrEqualTo(bounds[1] * clean.size());
            assertThat(noisy).as("words that are neither said nor a listed confusion or insertion")
                    .allMatch(word -> clean.contains(word) || injectable.contains(word));
        }
    }

    @Test
    void namesNeverRecurAcrossSplits() {
        Map<String, Set<String>> namesBySplit = new HashMap<>();
        for (Sample sample : ContactCentreTasks.samples(Task.SPEAKER_ROLE, new Sizes(300, 300, 300), 9,
                Rendering.CHAT)) {
            Map<String, Value> slots = sample.turn().slots();
            namesBySplit.computeIfAbsent(sample.example().split(), split -> new HashSet<>()).addAll(
                    Stream.of("first", "last", "agent", "street").map(slot -> slots.get(slot).typed()).toList());
        }
        assertThat(namesBySplit.get("train")).doesNotContainAnyElementsOf(namesBySplit.get("dev"))
                .doesNotContainAnyElementsOf(namesBySplit.get("test"));
        assertThat(namesBySplit.get("dev")).doesNotContainAnyElementsOf(namesBySplit.get("test"));
    }

    @Test
    void everySplitHasItsOwnPhrasingsOfEveryStepAndNoTestTextIsInTrain() {
        for (Script script : allScripts()) {
            script.steps().forEach((step, groups) -> {
                // a question and its answer are partitioned group by group, other steps as one list
                boolean paired = Script.ANSWERED_BY.containsKey(step) || Script.ANSWERED_BY.containsValue(step);
                List<List<Template>> partitioned = paired ? groups : List.of(script.phrasings(step));
                assertThat(partitioned).as(script.name() + " " + step)
                        .allSatisfy(phrasings -> assertThat(phrasings).hasSizeGreaterThanOrEqualTo(3));
            });
        }
        Map<String, Set<String>> phrasingsBySplit = new HashMap<>();
        for (Sample sample : ContactCentreTasks.samples(Task.DIALOGUE_ACT, new Sizes(1000, 300, 300), 9,
                Rendering.MIXED)) {
            phrasingsBySplit.computeIfAbsent(sample.example().split(), split -> new HashSet<>())
                    .add(sample.turn().template().text());
        }
        assertThat(phrasingsBySplit.get("train")).doesNotContainAnyElementsOf(phrasingsBySplit.get("dev"))
                .doesNotContainAnyElementsOf(phrasingsBySplit.get("test"));
        assertThat(phrasingsBySplit.get("dev")).doesNotContainAnyElementsOf(phrasingsBySplit.get("test"));
        for (Task task : Task.values()) {
            List<Example> examples = ContactCentreTasks.generate(task, new Sizes(1000, 300, 300), 3, Map.of());
            Set<String> train = SurfaceCues.split(examples, "train").stream().map(Example::text)
                    .collect(Collectors.toSet());
            assertThat(examples).filteredOn(e -> !e.split().equals("train")).as(task.toString())
                    .noneMatch(e -> train.contains(e.text()));
        }
    }

    @Test
    void aBagOfWordsDoesNotSolveSpeakerRoleDialogueActOrChannel() {
        Sizes sizes = new Sizes(4000, 0, 1000);
        Map<Task, Double> ceilings = Map.of(Task.SPEAKER_ROLE, 0.8, Task.DIALOGUE_ACT, 0.7, Task.CHANNEL, 0.9);
        ceilings.forEach((task, ceiling) -> assertThat(
                SurfaceCues.bagOfWordsAccuracy(ContactCentreTasks.generate(task, sizes, 2, Map.of())))
                .as(task.toString()).isLessThan(ceiling));
    }

    @Test
    void everyPhrasingHasOneSpeakerAndOneAct() {
        Map<String, Set<String>> rolesByText = new HashMap<>();
        for (Script script : allScripts()) {
            script.phrasings().values().stream().flatMap(List::stream).forEach(template -> rolesByText
                    .computeIfAbsent(template.text(), text -> new HashSet<>())
                    .add(template.speaker() + " " + template.act()));
        }
        assertThat(rolesByText).allSatisfy((text, roles) -> assertThat(roles).as(text).hasSize(1));
    }

    @Test
    void valuesAreSpokenInWords() {
        assertThat(Slots.cardinal(118)).isEqualTo("one hundred and eighteen");
        assertThat(Slots.cardinal(40)).isEqualTo("forty");
        assertThat(Slots.ordinal(3)).isEqualTo("third");
        assertThat(Slots.ordinal(20)).isEqualTo("twentieth");
        assertThat(Slots.ordinal(23)).isEqualTo("twenty third");
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 200; i++) {
            Slots.draw(random, i % 3).values().forEach(value -> assertThat(value.spoken()).as(value.typed())
                    .matches("[A-Za-z ]+"));
        }
    }

    @Test
    void malformedScriptsAreRejected() {
        assertThatThrownBy(() -> Script.parse("bad", "problem: My {gadget} broke."))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{gadget}");
        assertThatThrownBy(() -> Script.parse("bad", "complain: It broke."))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("complain");
        assertThatThrownBy(() -> Script.parse("bad", "ask: Why?"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same number of groups");
    }

    @Test
    void theFamilyIsRegisteredAndRejectsParametersItDoesNotTake() {
        assertThat(BuiltinDatasets.names("contact-centre")).containsExactly("contact-centre/SpeakerRole",
                "contact-centre/TurnPosition", "contact-centre/DialogueAct", "contact-centre/Channel",
                "contact-centre/AsrNoise", "contact-centre/AsrNoiseLevel");
        List<Example> examples = BuiltinDatasets.generate("contact-centre/SpeakerRole", new Sizes(20, 4, 4), 1, null);
        assertThat(examples).hasSize(28).extracting(Example::label).containsOnly("agent", "customer");
        assertThatThrownBy(() -> BuiltinDatasets.generate("contact-centre/SpeakerRole", SMALL, 1,
                Map.of("depth", "2"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("depth");
        assertThatThrownBy(() -> BuiltinDatasets.generate("contact-centre/AsrNoise", SMALL, 1,
                Map.of("channel", "voice"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("channel");
        assertThatThrownBy(() -> BuiltinDatasets.generate("contact-centre/DialogueAct", SMALL, 1,
                Map.of("channel", "fax"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fax");
    }

    /** Every plain word of the turn's chat rendering is said in the voice text (which adds fillers and numbers). */
    private static void assertSaysTheTurnsWords(String voice, Turn turn) {
        List<String> said = List.of(voice.split(" "));
        List<String> plainWords = Arrays.stream(turn.template().fill(turn.slots(), false).split(" "))
                .map(word -> word.replaceAll("^\\p{Punct}+|\\p{Punct}+$", ""))
                .filter(word -> word.matches("[A-Za-z]+")).map(String::toLowerCase).toList();
        assertThat(said).as(voice).containsAll(plainWords);
    }

    private static List<Script> allScripts() {
        List<Script> scripts = new ArrayList<>(Scripts.SCENARIOS);
        scripts.add(Scripts.COMMON);
        return scripts;
    }

    /** Word-level Levenshtein distance over the full table, written apart from the generator's. */
    private static int editDistance(List<String> a, List<String> b) {
        int[][] d = new int[a.size() + 1][b.size() + 1];
        for (int i = 0; i <= a.size(); i++) {
            for (int j = 0; j <= b.size(); j++) {
                d[i][j] = i == 0 ? j : j == 0 ? i
                        : Math.min(d[i - 1][j - 1] + (a.get(i - 1).equals(b.get(j - 1)) ? 0 : 1),
                                Math.min(d[i - 1][j], d[i][j - 1]) + 1);
            }
        }
        return d[a.size()][b.size()];
    }
}
