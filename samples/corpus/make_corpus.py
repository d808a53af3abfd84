#!/usr/bin/env python3
"""Writes fathom's sample corpus for the datamix demo (samples/corpus/*.jsonl), deterministically.

support.jsonl  in-domain: broadband and mobile customer-support questions with answers
general.jsonl  general: cooking, geography, arithmetic, writing and science requests with answers
forum.jsonl    unlabelled: posts of both kinds, for the domain classifier to place

Each labelled file ends with planted repeats: exact duplicates (the same text in other case and
spacing) and near duplicates (the same request with a word or two changed). Run it from anywhere:
    /usr/bin/python3 samples/corpus/make_corpus.py
"""
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))

DEVICES = ["router", "modem", "mesh extender", "set-top box", "phone", "tablet", "SIM card", "landline handset"]
SYMPTOMS = ["drops the connection every few minutes", "shows a red light", "will not power on",
            "is much slower than my plan promises", "cannot find the network", "restarts on its own at night",
            "asks for a PIN I never set", "gets very hot", "loses calls mid-conversation",
            "cannot send text messages abroad"]
SINCE = ["since the storm last week", "after your engineer visited", "since I moved house",
         "after the latest update", "since I changed my password", "ever since I switched plans"]
STEPS = ["switch it off at the wall, wait thirty seconds and switch it back on",
         "check that every cable is pushed in firmly and the filter is on the phone socket",
         "run the line test in the app so we can see whether the fault is on our side",
         "move it away from the microwave and off the floor, ideally at head height",
         "reset it to factory settings with a paperclip in the pinhole for fifteen seconds",
         "check the service status page for outages in your postcode",
         "take the SIM out, clean the contacts and put it back",
         "update the firmware from the settings page under Maintenance"]
ESCALATE = ["book an engineer from your account page", "call us on 150 from your mobile",
            "start a live chat and quote the line test reference", "visit a store with the device and proof of purchase"]

DISHES = ["a lentil soup", "banana bread", "a vegetable stir-fry", "pancakes", "a tomato pasta sauce", "guacamole",
          "roast potatoes", "a chickpea curry", "overnight oats", "a simple omelette"]
COUNTRIES = [("Portugal", "Lisbon"), ("Kenya", "Nairobi"), ("Canada", "Ottawa"), ("Vietnam", "Hanoi"),
             ("Peru", "Lima"), ("Norway", "Oslo"), ("Egypt", "Cairo"), ("New Zealand", "Wellington"),
             ("Poland", "Warsaw"), ("Chile", "Santiago")]
TOPICS = ["autumn leaves", "a quiet harbour", "the first snow", "a city at dawn", "an old library", "mountain rain"]
CONCEPTS = [("photosynthesis", "plants turn light, water and carbon dioxide into sugar and oxygen"),
            ("inflation", "prices rise over time, so each unit of money buys a little less"),
            ("gravity", "masses attract each other, which is why things fall and planets orbit"),
            ("compound interest", "interest is earned on earlier interest as well as on the original sum"),
            ("evaporation", "a liquid turns into vapour as its molecules gain enough energy to escape"),
            ("an ecosystem", "living things and their surroundings depend on each other in a web of exchanges")]
UNITS = [("kilometres", "miles", 0.621371), ("kilograms", "pounds", 2.20462), ("litres", "US gallons", 0.264172),
         ("metres", "feet", 3.28084)]


def support(rng, n):
    seen, out = set(), []
    while len(out) < n:
        device, symptom, since = rng.choice(DEVICES), rng.choice(SYMPTOMS), rng.choice(SINCE)
        steps = rng.sample(STEPS, 2)
        key = (device, symptom, since, tuple(steps))
        if key in seen:
            continue
        seen.add(key)
        out.append({"instruction": f"My {device} {symptom} {since}. What should I do?",
                    "response": f"Sorry to hear about your {device}. First, {steps[0]}. If that does not help, "
                                f"{steps[1]}. If the problem continues, {rng.choice(ESCALATE)}."})
    return out


def general(rng, n):
    makers = [
        lambda: (f"Give me a quick recipe for {rng.choice(DISHES)}.",
                 f"You will need about {rng.randint(4, 9)} ingredients. Prepare everything first, cook on a "
                 f"{rng.choice(['low', 'medium', 'high'])} heat for {rng.randint(5, 40)} minutes, taste, season "
                 f"and serve {rng.choice(['warm', 'straight away', 'with bread', 'with a green salad'])}."),
        lambda: (lambda c: (f"What is the capital of {c[0]}?", f"The capital of {c[0]} is {c[1]}."))(
            rng.choice(COUNTRIES)),
        lambda: (lambda u, x: (f"Convert {x} {u[0]} to {u[1]}.",
                               f"{x} {u[0]} is about {x * u[2]:.1f} {u[1]}."))(rng.choice(UNITS),
                                                                                  rng.randint(2, 500)),
        lambda: (lambda t: (f"Write a haiku about {t}.",
                            f"{t.capitalize()} waits -\n{rng.choice(['soft light', 'a slow wind', 'grey water'])} "
                            f"on everything -\nthe day {rng.choice(['begins', 'lets go', 'turns'])}."))(
            rng.choice(TOPICS)),
        lambda: (lambda c: (f"Explain {c[0]} in simple terms.",
                            f"In short, {c[1]}. A {rng.choice(['useful', 'handy', 'good'])} way to picture it is "
                            f"to think of {rng.choice(['a kitchen', 'a garden', 'a savings jar', 'a river'])}."))(
            rng.choice(CONCEPTS)),
        lambda: (lambda a, b: (f"What is {a} times {b}?", f"{a} times {b} is {a * b}."))(rng.randint(11, 99),
                                                                                      rng.randint(11, 99)),
    ]
    seen, out = set(), []
    while len(out) < n:
        instruction, response = rng.choice(makers)()
        if instruction in seen:
            continue
        seen.add(instruction)
        out.append({"instruction": instruction, "response": response})
    return out


def plant(rng, examples, exact, near):
    """Appends exact repeats (case and spacing changed) and near repeats (a word or two changed)."""
    originals = list(examples)
    for example in rng.sample(originals, exact):
        examples.append({"instruction": "  " + example["instruction"].upper() + " ",
                         "response": example["response"].replace(" ", "  ")})
    for example in rng.sample(originals, near):
        instruction = example["instruction"]
        reworded = instruction.replace("What should I do?", "What can I do?") if instruction.startswith("My ") \
            else "Please, " + instruction[0].lower() + instruction[1:]
        examples.append({"instruction": reworded,
                         "response": example["response"].replace("First,", "To start,")
                                                        .replace("You will need", "You need")})
    return examples


def write(name, examples):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as out:
        for i, example in enumerate(examples):
            out.write(json.dumps({"id": f"{name.split('.')[0]}-{i + 1:04d}", **example}, ensure_ascii=False) + "\n")


def main():
    rng = random.Random(20261130)
    write("support.jsonl", plant(rng, support(rng, 240), 12, 12))
    write("general.jsonl", plant(rng, general(rng, 240), 12, 12))
    forum = support(rng, 40) + general(rng, 40)
    rng.shuffle(forum)
    write("forum.jsonl", [{"text": e["instruction"] + " " + e["response"]} for e in forum])


if __name__ == "__main__":
    main()
