package io.fathom.datasets.senteval;

import java.util.ArrayList;
import java.util.List;

/** A constituency tree: a labelled node with children, or a part-of-speech node holding one word. */
record Tree(String label, String word, List<Tree> children) {

    static Tree leaf(String pos, String word) {
        return new Tree(pos, word, List.of());
    }

    static Tree node(String label, Tree... children) {
        return node(label, List.of(children));
    }

    static Tree node(String label, List<Tree> children) {
        return new Tree(label, null, List.copyOf(children));
    }

    /** The labels of this node's children joined by {@code _}, e.g. {@code NP_VP_.}: TopConst's label for a root. */
    String topConstituents() {
        return String.join("_", children.stream().map(Tree::label).toList());
    }

    /** Levels on the longest path from this node down to a part-of-speech node, both included. */
    int depth() {
        int deepest = 0;
        for (Tree child : children) {
            deepest = Math.max(deepest, child.depth());
        }
        return 1 + deepest;
    }

    /** The part-of-speech nodes, in sentence order. */
    List<Tree> leaves() {
        List<Tree> leaves = new ArrayList<>();
        collectLeaves(leaves);
        return leaves;
    }

    private void collectLeaves(List<Tree> leaves) {
        if (word != null) {
            leaves.add(this);
        }
        children.forEach(c -> c.collectLeaves(leaves));
    }

    List<String> words() {
        return leaves().stream().map(Tree::word).toList();
    }

    String sentence() {
        return String.join(" ", words());
    }
}
