package io.fathom.inference.service;

import io.fathom.contracts.request.InstructionItem;
import io.fathom.contracts.request.InstructionTemplate;
import io.fathom.contracts.request.Question;

/**
 * The prompt a model gets for one item: a question's text as it stands, or an instruction template
 * with the item's input and passage in its {@code {input}} and {@code {context}} placeholders.
 */
final class Prompts {

    private Prompts() {
    }

    static String question(Question question) {
        return question.question();
    }

    static String instruction(InstructionTemplate template, InstructionItem item) {
        // one pass, so that a placeholder inside the item's own text is left as it is
        StringBuilder prompt = new StringBuilder();
        String text = template.text();
        int at = 0;
        while (at < text.length()) {
            if (text.startsWith("{input}", at)) {
                prompt.append(item.input());
                at += "{input}".length();
            } else if (text.startsWith("{context}", at)) {
                prompt.append(item.context() == null ? "" : item.context());
                at += "{context}".length();
            } else {
                prompt.append(text.charAt(at++));
            }
        }
        return prompt.toString();
    }
}
