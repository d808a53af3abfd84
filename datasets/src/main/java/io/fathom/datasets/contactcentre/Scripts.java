package io.fathom.datasets.contactcentre;

import java.util.List;

/**
 * What is said in the generated calls, written for fathom: the steps every call shares, and eight scenarios with
 * their own problems, questions, explanations and resolutions. Phrasings avoid words that only fit one channel
 * ("calling", "typing") so that a turn reads naturally both spoken and typed, and avoid possessive "'s" and
 * "'s been", which the spoken rendering would expand wrongly.
 */
final class Scripts {

    static final Script COMMON = Script.parse("common", """
            greet-agent: Thanks for contacting {company}, my name's {agent}. How can I help today?
            greet-agent: Good {daypart}, you're through to {agent} at {company}. What can I do for you?
            greet-agent: Hello, this is {agent} from {company}. How can I help?
            greet-agent: Hi there, welcome to {company} customer services, {agent} speaking.
            greet-customer: Hi {agent}.
            greet-customer: Hello, good {daypart}.
            greet-customer: Oh hi, hello there.
            greet-customer: Hi, hello.
            sympathise: I'm sorry to hear that, let me get it sorted for you.
            sympathise: Oh no, that's not good. I can definitely help with that.
            sympathise: I understand, that sounds really frustrating.
            sympathise: Right, I'm sorry about that, we'll get to the bottom of it.
            ask-name: Before I look into that, can I take your full name, please?
              | First of all, can you confirm your full name for me?
              | So I can find the account, what's your full name?
            give-name: It's {first} {last}.
              | Yes, it's {first} {last}.
              | {first} {last}.
            verify-ask: Thanks. And can you confirm the postcode on the account?
              | And what's the postcode there?
            verify-answer: It's {postcode}.
              | Yeah, {postcode}.
            verify-ask: And the first line of your address, please?
              | Could you give me the first line of the address?
            verify-answer: It's {house} {street}.
              | {house} {street}.
            verify-ask: For security, can you tell me the last four digits of the card you pay with?
              | And the last four digits of your payment card?
            verify-answer: They're {digits}.
              | It ends in {digits}.
            verified: Thanks, {first}, you're all verified.
            verified: Perfect, that all matches, thank you.
            verified: Lovely, that's you through security.
            hold: Bear with me a moment while I look into that.
            hold: Can I put you on a short hold while I check?
            hold: Give me one moment, I'm just pulling up the details.
            hold: Let me check that for you, it'll only take a minute.
            acknowledge: Okay.
            acknowledge: Sure, no problem.
            acknowledge: Right, I see.
            acknowledge: Okay, that makes sense.
            acknowledge: Ah, okay, thanks for explaining.
            acknowledge: Fine, go ahead.
            thank: That's brilliant, thank you.
            thank: Great, thanks so much.
            thank: Perfect, that's sorted then.
            thank: Oh that's a relief, thank you.
            offer-more: Is there anything else I can help you with today?
            offer-more: Anything else I can do for you?
            offer-more: Was there anything else at all?
            decline-more: No, that's everything, thanks.
            decline-more: No, that's all, you've been really helpful.
            decline-more: That's it, thanks for your help.
            farewell: Thanks for contacting {company}, {first}. Have a lovely {daypart}.
            farewell: You're welcome, {first}. Take care, bye now.
            farewell: Thanks, {first}, enjoy the rest of your day.
            bye: Bye.
            bye: Thanks, bye.
            bye: You too, bye.
            """);

    static final List<Script> SCENARIOS = List.of(
            Script.parse("billing dispute", """
                    problem: My bill this month is {amount}, and it's usually about {usual}.
                    problem: I've been charged {amount} on my latest bill and I don't know what for.
                    problem: There's a charge of {amount} on my bill that I don't recognise.
                    problem: My last bill came to {amount}, that's way more than I normally pay.
                    ask: Which bill are you looking at, the one issued on {date}?
                      | Is that the bill dated {date}?
                    answer: Yes, that's the one.
                      | Yes, the one from {date}.
                    ask: Roughly what do you normally pay each month?
                      | What would you usually expect the bill to be?
                    answer: Usually around {usual}.
                      | It's normally about {usual}, never more than that.
                    ask: Have you made any calls abroad or to premium numbers recently?
                      | Have you used your phone outside the UK lately?
                    answer: No, I haven't been anywhere.
                      | Not that I know of, no.
                    explain: I can see a one-off charge of {fee} for calls to a premium rate number on {date}.
                    explain: It looks like your discount ended on {date}, so the price went back to the standard rate.
                    explain: The bill includes {fee} for a late payment, because the last direct debit didn't go through.
                    question: Will this happen again next month?
                      | Is this going to keep happening?
                    reply: No, next month the bill should be back to normal.
                      | It shouldn't, the charge was a one-off.
                    question: How long until I see the money back?
                      | When will the credit show up?
                    reply: It'll show on your next bill, dated {due}.
                      | You'll see it on the bill issued on {due}.
                    resolve: I've applied a credit of {credit} to your account, so you'll see it on your next bill.
                    resolve: I've removed the {fee} charge and put the discount back on for another {months} months.
                    resolve: I've raised a dispute for the {amount} bill, reference {reference}, and put the payment on hold.
                    """),
            Script.parse("broadband outage", """
                    problem: My broadband has been down since {date} and I work from home.
                    problem: The internet keeps dropping out every few minutes, it has been like this for {days} days.
                    problem: I've got no internet at all, the light on the router is flashing red.
                    problem: My Wi-Fi stopped working on {date} and nothing I try fixes it.
                    ask: Have you tried restarting the router?
                      | Could you switch the router off for thirty seconds and back on for me?
                    answer: Yes, I've done that a few times already.
                      | I've just done it, still nothing.
                    ask: What colour are the lights on the front of the router?
                      | Can you tell me what the lights on the router are doing?
                    answer: The power light is green but the internet one is red.
                      | One of them is flashing orange.
                    ask: Is it every device or just one?
                      | Does it happen on all your devices?
                    answer: Every device, the laptop and the phones.
                      | All of them, nothing can connect.
                    explain: There's a fault at the local exchange that's affecting homes on {street}.
                    explain: I can see engineers have been working on a damaged cable in your area since {date}.
                    explain: The line test shows a fault between the street cabinet and your house.
                    question: When will it be fixed?
                      | How long is this going to take?
                    reply: The engineers expect it to be fixed by {due}.
                      | It should be back up within {days} days.
                    question: Will I get anything back for the days without service?
                      | Can I get compensation for this?
                    reply: Yes, you'll get {credit} back automatically.
                      | You will, it gets added to your next bill automatically.
                    resolve: I've booked an engineer visit for {due}, between eight and one.
                    resolve: I've logged the fault under reference {reference} and added a {credit} credit for the lost days.
                    resolve: I've sent you a mobile data boost so you can keep working until it's fixed.
                    """),
            Script.parse("password reset", """
                    problem: I'm locked out of my online account, I've forgotten my password.
                    problem: I keep getting told my password is wrong, and now the account is locked.
                    problem: I tried to reset my password but the email never arrived.
                    ask: Are you trying to log in on the app or the website?
                      | Is this on the website or in the app?
                    answer: On the website, on my laptop.
                      | The app, on my phone.
                    ask: When did you last manage to log in?
                      | Do you remember when it last worked?
                    answer: It was fine on {date}.
                      | I think around {date}.
                    ask: Have you checked your spam folder for the reset email?
                      | Did the reset email maybe land in your junk mail?
                    answer: Yes, there's nothing there.
                      | I have, it's not in there either.
                    explain: The account was locked after too many wrong attempts, it's a security measure.
                    explain: The reset emails were going to an old address that's still on the account.
                    explain: Reset links only last fifteen minutes, so the one you got on {date} has expired.
                    question: Will I lose any of my saved details?
                      | Is my information still there?
                    reply: No, everything on the account stays as it is.
                      | Nothing is lost, it's all still there.
                    question: How do I stop this happening again?
                      | What can I do so it doesn't lock again?
                    reply: You can turn on sign-in with a text code in your settings.
                      | A password manager would help, and you can unlock it online next time.
                    resolve: I've unlocked the account and sent a new reset link, it's valid for fifteen minutes.
                    resolve: I've updated the email on the account and sent the reset link there instead.
                    resolve: I've sent a temporary code by text to the number ending {digits}.
                    """),
            Script.parse("delivery problem", """
                    problem: My order {order} was supposed to arrive on {date} and it still hasn't come.
                    problem: The tracking says my {product} was delivered but there's nothing here.
                    problem: My {product} arrived today but the box was crushed and it's broken.
                    problem: I've been waiting for order {order} for over {days} days now.
                    ask: Can you give me the order number?
                      | What's the order number, please?
                    answer: It's {order}.
                      | Yes, it's {order}.
                    ask: Have you checked with your neighbours or around the property?
                      | Could it have been left somewhere safe, like a porch or a shed?
                    answer: I've checked everywhere, it's not here.
                      | I asked next door, they haven't got it.
                    ask: Is the delivery address {house} {street}?
                      | Am I right that it's going to {house} {street}?
                    answer: Yes, that's right.
                      | That's correct, yes.
                    explain: The courier marked it as delivered on {date}, but there's no photo of where it was left.
                    explain: It looks like the parcel got stuck at the depot because of a labelling error.
                    explain: The item was damaged in transit, so that's on us, not you.
                    question: Do I need to send the broken one back?
                      | What do I do with the damaged one?
                    reply: No, you can keep it or recycle it.
                      | You don't need to return it, we'll write it off.
                    question: When will the new one arrive?
                      | How quickly can you get a replacement to me?
                    reply: It should be with you by {due}.
                      | Within {days} working days.
                    resolve: I've sent out a replacement {product} on next day delivery.
                    resolve: I've opened a case with the courier, reference {reference}, and I'll refund {amount} if it isn't found.
                    resolve: I've refunded {amount} to your original payment card.
                    """),
            Script.parse("plan upgrade", """
                    problem: I'd like to upgrade to the {plan} plan, my current one isn't enough.
                    problem: I keep running out of data before the end of the month, what are my options?
                    problem: My contract ends on {date} and I'm thinking of moving to something better.
                    ask: How much data do you use in a typical month?
                      | Roughly how much data do you get through?
                    answer: Probably about {gigabytes} gigabytes.
                      | Around {gigabytes} gigs, maybe more.
                    ask: Would you be happy with a {months} month contract?
                      | Are you okay signing up for {months} months?
                    answer: Yes, that's fine.
                      | As long as the price is right, yes.
                    ask: Do you want to keep the same phone or get a new handset?
                      | Are you keeping your current handset?
                    answer: I'll keep my phone, it works fine.
                      | I'd like a new one if it's not too expensive.
                    explain: The {plan} plan is {amount} a month and includes unlimited data.
                    explain: Because you're an existing customer, you'd pay {amount} a month instead of {usual}.
                    explain: Upgrading early means a fee of {fee}, but it's waived if you move up a tier.
                    question: When would the new plan start?
                      | How soon can I switch?
                    reply: It starts from your next bill on {due}.
                      | Straight away, the change is instant.
                    question: Can I change my mind later?
                      | What if I don't like it?
                    reply: You've got fourteen days to cancel without paying anything.
                      | There's a fourteen day cooling-off period, so you can.
                    resolve: I've moved you onto the {plan} plan from today, at {amount} a month.
                    resolve: I've set the upgrade to start on {due} and sent the new contract to your email.
                    resolve: I've ordered your new handset and it'll be with you by {due}.
                    """),
            Script.parse("cancellation", """
                    problem: I want to cancel my contract, I'm moving abroad.
                    problem: I'd like to cancel my subscription, it's too expensive for me now.
                    problem: I want to end my contract, I've found a cheaper deal elsewhere.
                    ask: Can I ask what made you decide to leave?
                      | What's the main reason for cancelling?
                    answer: It's just too expensive now.
                      | I'm not using it enough to justify it.
                    ask: Would a lower price change your mind?
                      | If I could knock some money off, would you stay?
                    answer: Not really, I've made up my mind.
                      | Maybe, it depends how much.
                    ask: When would you like the service to end?
                      | What date do you want it to stop?
                    answer: From {due}, if possible.
                      | As soon as possible, ideally by {due}.
                    explain: You're still within the minimum term, so there's an early exit fee of {fee}.
                    explain: We need thirty days of notice, so your final bill will be on {due}.
                    explain: Your contract finished on {date}, so there's nothing extra to pay.
                    question: Will I get a final bill?
                      | Do I need to pay anything else?
                    reply: Yes, it'll come on {due} and cover up to the last day.
                      | Only the final bill on {due}, nothing more.
                    question: What do I do with the equipment?
                      | Do I need to return the router?
                    reply: We'll send a prepaid bag for the router.
                      | Yes, there's a free return label in your email.
                    resolve: I've cancelled the contract from {due} and sent a confirmation email.
                    resolve: I've applied a {credit} discount for the next {months} months, so your bill will be {amount}.
                    resolve: I've booked the cancellation, reference {reference}, and waived the exit fee.
                    """),
            Script.parse("refund", """
                    problem: I returned my {product} on {date} and I still haven't had my refund.
                    problem: I was charged twice for order {order} and I'd like one of them refunded.
                    problem: I cancelled order {order} but the {amount} was still taken from my account.
                    ask: How did you send the item back?
                      | Did you drop the return off at a shop or use a courier?
                    answer: I took it to the post office.
                      | A courier picked it up from my house.
                    ask: Do you have the proof of postage?
                      | Did you get a receipt when you sent it?
                    answer: Yes, I've got the receipt here.
                      | I think so, somewhere.
                    ask: Did you pay by card or with a gift voucher?
                      | How did you pay for the order?
                    answer: By card, the one ending {digits}.
                      | I paid with my debit card.
                    explain: The return arrived at our warehouse on {date}, but it wasn't matched to your order.
                    explain: The second payment is only a pending authorisation and should drop off in {days} days.
                    explain: Refunds go through once the item has been checked, and that step got missed.
                    question: When will I get the money back?
                      | How long does the refund take?
                    reply: It'll be back on your card in {days} working days.
                      | You should see it by {due}.
                    question: Will I get an email to confirm it?
                      | Can you confirm it in writing?
                    reply: Yes, a confirmation email is on its way now.
                      | You'll get an email within the hour.
                    resolve: I've processed the refund of {amount} to the card ending {digits}.
                    resolve: I've reversed the duplicate payment of {amount}, reference {reference}.
                    resolve: I've pushed the refund through manually and added {credit} for the inconvenience.
                    """),
            Script.parse("address change", """
                    problem: I've moved house and I need to update my address.
                    problem: I'm moving on {due} and I want my bills to go to the new place.
                    problem: My post is still going to my old address even though I told you I moved.
                    ask: What's the new address?
                      | Can I take the new address, please?
                    answer: It's {newhouse} {newstreet}, postcode {newpostcode}.
                      | {newhouse} {newstreet}, {newpostcode}.
                    ask: When do you move in?
                      | From what date should we use the new address?
                    answer: From {due}.
                      | I moved in on {date}.
                    ask: Do you want the service moved to the new address too?
                      | Are you taking your broadband with you?
                    answer: Yes please, the same package.
                      | No, just the billing address.
                    explain: The address was changed on your profile but not on the billing account, so they don't match.
                    explain: Moving the service takes about {days} working days to set up at a new address.
                    explain: Your old address is still linked to the direct debit, which is why the letters went there.
                    question: Will there be a gap in service?
                      | Will I be without internet when I move?
                    reply: No, it switches over on the day you move.
                      | There might be a day without, but we'll send a data boost.
                    question: Is there a charge for moving?
                      | Do I have to pay for the move?
                    reply: No, moving is free for existing customers.
                      | There's a {fee} set-up fee, but I can waive it.
                    resolve: I've updated your address to {newhouse} {newstreet}, {newpostcode}, from {due}.
                    resolve: I've changed the billing address and the direct debit, so everything goes to the new place.
                    resolve: I've booked the move of your service for {due}, reference {reference}.
                    """));

    private Scripts() {
    }
}
