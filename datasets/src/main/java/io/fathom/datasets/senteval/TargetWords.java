package io.fathom.datasets.senteval;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * WC's target words, written for fathom: 1000 mid-frequency content words in the one form each
 * takes in a sentence (singular nouns, adjectives, transitive verbs in the past tense). None is a
 * word of {@link Lexicon#ALL} or a closed-class word of the grammar, so a sentence WC builds holds
 * exactly the one target word put into it.
 */
final class TargetWords {

    /** The tag of the slot each target word fills (NN, JJ or VBD), in the order of {@link #WORDS}. */
    static final Map<String, String> TAGS = interleaved();

    /** Every target word; nouns, adjectives and verbs take turns so that the first few already mix them. */
    static final List<String> WORDS = List.copyOf(TAGS.keySet());

    private TargetWords() {
    }

    private static Map<String, String> interleaved() {
        List<List<String>> byTag = List.of(words(NOUNS), words(ADJECTIVES), words(VERBS));
        List<String> tags = List.of("NN", "JJ", "VBD");
        Map<String, String> tagged = new LinkedHashMap<>();
        int longest = byTag.stream().mapToInt(List::size).max().orElse(0);
        for (int i = 0; i < longest; i++) {
            for (int t = 0; t < byTag.size(); t++) {
                if (i < byTag.get(t).size()) {
                    tagged.put(byTag.get(t).get(i), tags.get(t));
                }
            }
        }
        return Collections.unmodifiableMap(tagged);
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.strip().split("\\s+")).toList();
    }

    private static final String NOUNS = """
            rabbit tiger lion wolf fox bear deer goat sheep pig cow duck goose chicken owl eagle parrot
            pigeon swan frog snake turtle spider butterfly bee ant mouse rat squirrel monkey elephant
            giraffe zebra camel donkey whale dolphin shark salmon crab kitten puppy pony penguin apple
            banana lemon cherry grape peach pear melon potato tomato onion carrot cabbage mushroom pumpkin
            bread cheese butter cake biscuit sandwich pizza burger salad soup sausage pie cookie steak
            chocolate candy jam honey garlic bean olive pineapple strawberry sofa couch cupboard drawer
            shelf mirror carpet curtain pillow blanket kettle cup mug plate bowl spoon fork knife pan pot
            oven fridge freezer sink towel soap bucket basket candle clock vase rug bench desk heater radio
            television camera printer keyboard microphone battery bulb ladder hammer drill nail screw rope
            chain umbrella wallet purse suitcase backpack envelope stamp notebook pencil pen ruler magazine
            newspaper novel dictionary map calendar diary poster postcard trophy medal necklace bracelet
            glove scarf hat helmet boot sock shirt jacket sweater skirt dress uniform belt button pocket
            airport museum library hospital school college university stadium theatre cinema restaurant cafe
            bakery pharmacy market supermarket factory warehouse farm barn stable cottage castle palace
            tower church temple hotel beach island mountain valley forest desert lake pond ocean coast cliff
            cave meadow field hill jungle street avenue lane park playground tunnel highway truck van taxi
            ship helicopter airplane rocket tractor ambulance wagon dentist surgeon chemist scientist
            professor soldier sailor captain officer detective banker plumber carpenter mechanic electrician
            gardener butcher tailor barber cashier clerk secretary journalist editor author poet actor
            dancer musician photographer architect designer builder fisherman hunter athlete runner swimmer
            coach player champion mayor president minister prince princess king queen knight giant witness
            stranger visitor passenger traveller landlord tenant owner buyer seller investor partner client
            employee employer volunteer baby teenager grandmother grandfather uncle aunt cousin husband wife
            idea problem reason result decision choice chance risk mistake error failure success victory
            defeat promise secret story joke lesson exam homework project budget salary tax loan debt profit
            price fee reward prize gift memory dream habit hobby skill talent strategy theory method recipe
            rule law policy passport certificate award schedule deadline meeting interview lecture
            conference concert festival party wedding ceremony tournament race journey trip holiday vacation
            weekend season winter summer autumn morning evening afternoon century moment minute hour stone
            sand mud clay brick metal iron steel silver diamond pearl leaf root seed flower rose tree bush
            grass weed cloud storm thunder rainbow wind fog flame smoke feather shell bone tail wing nest
            computer monitor server database document file label badge manual guide marker satellite robot
            engine motor wheel guitar piano violin drum flute painting sculpture statue portrait photograph
            album melody rhythm poem movie film puzzle game toy doll kite balloon ball shoulder knee finger
            nose mouth tooth heart kitchen bedroom bathroom garage balcony roof ceiling floor wall fence
            gate lawn path fountain army navy crew audience crowd committee council orchestra band family
            nation government article chapter sketch chart signature coin insurance pill jar
            """;

    private static final String ADJECTIVES = """
            ancient modern gentle brave clever foolish honest loyal polite rude shy proud lazy eager calm
            nervous anxious curious jealous generous selfish humble famous popular rare common ordinary
            strange unusual familiar simple complex difficult easy heavy thick thin narrow wide deep shallow
            tall short long huge tiny enormous massive slim round flat sharp blunt smooth rough soft hard
            warm cold hot cool wet dry damp frozen fresh stale ripe rotten sweet sour bitter salty spicy
            tasty delicious bright dark pale shiny dull colourful golden green yellow purple pink brown grey
            white black silent loud dirty tidy messy empty full rich poor wealthy healthy sick tired sleepy
            hungry thirsty sad cheerful lonely bored excited grateful kind fair strict wise silly serious
            funny boring exciting dangerous safe secure fragile sturdy solid hollow loose tight crowded
            spacious cosy elegant pretty beautiful handsome charming lovely pleasant awful terrible
            wonderful excellent perfect awkward clumsy graceful fierce wild tame bold sudden gradual rapid
            swift weekly monthly annual recent former future urgent important useful useless valuable
            precious fancy plain vast rural urban coastal tropical northern southern eastern western foreign
            domestic national royal public private official legal medical musical electric digital wooden
            plastic muddy dusty sandy rocky snowy rainy sunny windy cloudy stormy lucky unlucky brilliant
            modest decent sincere stubborn reliable flexible tender fragrant straight striped spotted neat
            smart mysterious magical peaceful gloomy sensible reasonable ridiculous sticky greasy crispy
            juicy creamy silky rusty chilly breezy humid dim vivid faint steep slippery transparent portable
            ambitious cautious confident helpful hopeful thoughtful
            """;

    private static final String VERBS = """
            adopted admired accepted adjusted borrowed bought built baked boiled buried caught chased
            collected cooked copied counted covered crossed crushed delivered designed discovered dropped
            dried earned edited emptied entered explored fed filled folded grabbed guarded handled hid hired
            held ignored imagined inspected invited kicked lifted locked loaded marked measured missed mixed
            noticed packed parked picked planted polished poured praised printed protected pulled pushed
            raised reached recorded removed rented rescued sold sorted studied tasted taught threw touched
            traded trained trusted washed wrapped won wore blew broke burned carved climbed considered
            convinced decorated defended drew drank ate examined fetched froze hammered heated hunted
            launched managed melted offered owned passed performed persuaded photographed played prepared
            presented produced promised questioned rang recognised recommended remembered repeated respected
            rewarded rode rolled searched selected served shared shook sketched steered stretched struck
            supported surprised tied translated understood unlocked unpacked used valued warned welcomed
            worried abandoned achieved acquired admitted advised announced appointed arranged assembled
            attended attracted avoided calculated celebrated chopped claimed coached combined completed
            composed conducted confirmed confused connected constructed consulted controlled corrected
            created cured damaged declared defeated delayed demanded detected developed dismissed displayed
            divided dressed drove educated elected employed encouraged engaged enjoyed entertained estimated
            evaluated expanded expected explained exported faced formed freed gathered grew guided harvested
            healed hosted identified illustrated imported improved included increased influenced informed
            inherited interrupted introduced invented investigated joined labelled lent located maintained
            manufactured matched mentioned modified monitored named observed obtained operated opposed
            organised placed pointed posted preferred preserved pressed prevented proved provided published
            purchased pursued
            """;
}
