package io.fathom.datasets.contactcentre;

/** A slot value as typed in chat ({@code £42.50}) and as said ({@code forty two pounds fifty}). */
record Value(String typed, String spoken) {

    /** Words that are typed as they are said: names, products, places. */
    static Value text(String words) {
        return new Value(words, words);
    }
}
