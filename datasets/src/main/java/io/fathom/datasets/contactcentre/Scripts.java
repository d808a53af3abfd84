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
              | Can you read me the postcode, please?
            verify-answer: It's {postcode}.
              | Yeah, {postcode}.
              | The postcode is {postcode}.
            verify-ask: And the first line of your address, please?
              | Could you give me the first line of the address?
              | Which house and street is the account registered to?
            verify-answer: It's {house} {street}.
              | {house} {street}.
              | That would be {house} {street}.
            verify-ask: For security, can you tell me the last four digits of the card you pay with?
              | And the last four digits of your payment card?
              | Which four digits does your card end in?
            verify-answer: They're {digits}.
              | It ends in {digits}.
              | The last four are {digits}.
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
                      | Just to check, we mean the bill from {date}?
                    answer: Yes, that's the one.
                      | Yes, the one from {date}.
                      | That one, yes, from {date}.
                    ask: Roughly what do you normally pay each month?
                      | What would you usually expect the bill to be?
                      | How much is a normal month for you?
                    answer: Usually around {usual}.
                      | It's normally about {usual}, never more than that.
                      | Normally somewhere near {usual}.
                    ask: Have you made any calls abroad or to premium numbers recently?
                      | Have you used your phone outside the UK lately?
                      | Any travel abroad or premium rate numbers in the last month?
                    answer: No, I haven't been anywhere.
                      | Not that I know of, no.
                      | None at all, I stayed at home.
                    explain: I can see a one-off charge of {fee} for calls to a premium rate number on {date}.
                    explain: It looks like your discount ended on {date}, so the price went back to the standard rate.
                    explain: The bill includes {fee} for a late payment, because the last direct debit didn't go through.
                    question: Will this happen again next month?
                      | Is this going to keep happening?
                      | Could it happen again on the next bill?
                    reply: No, next month the bill should be back to normal.
                      | It shouldn't, the charge was a one-off.
                      | No, that was a single charge and it won't repeat.
                    question: How long until I see the money back?
                      | When will the credit show up?
                      | When do I actually get the money?
                    reply: It'll show on your next bill, dated {due}.
                      | You'll see it on the bill issued on {due}.
                      | The credit appears on the bill dated {due}.
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
                      | Has the router been turned off and on again?
                    answer: Yes, I've done that a few times already.
                      | I've just done it, still nothing.
                      | Yes, more than once, no change.
                    ask: What colour are the lights on the front of the router?
                      | Can you tell me what the lights on the router are doing?
                      | Which lights are on at the moment?
                    answer: The power light is green but the internet one is red.
                      | One of them is flashing orange.
                      | Only the power light, the rest are off.
                    ask: Is it every device or just one?
                      | Does it happen on all your devices?
                      | Are all of your devices affected?
                    answer: Every device, the laptop and the phones.
                      | All of them, nothing can connect.
                      | Yes, none of them will connect.
                    explain: There's a fault at the local exchange that's affecting homes on {street}.
                    explain: I can see engineers have been working on a damaged cable in your area since {date}.
                    explain: The line test shows a fault between the street cabinet and your house.
                    question: When will it be fixed?
                      | How long is this going to take?
                      | Do you know when it will be working again?
                    reply: The engineers expect it to be fixed by {due}.
                      | It should be back up within {days} days.
                      | We expect the repair to be finished by {due}.
                    question: Will I get anything back for the days without service?
                      | Can I get compensation for this?
                      | Do I get money back for the outage?
                    reply: Yes, you'll get {credit} back automatically.
                      | You will, it gets added to your next bill automatically.
                      | Yes, a credit of {credit} goes on automatically.
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
                      | Which are you using, the app or the website?
                    answer: On the website, on my laptop.
                      | The app, on my phone.
                      | The website, in my browser.
                    ask: When did you last manage to log in?
                      | Do you remember when it last worked?
                      | When was the last time it let you in?
                    answer: It was fine on {date}.
                      | I think around {date}.
                      | Maybe {date}, I'm not sure.
                    ask: Have you checked your spam folder for the reset email?
                      | Did the reset email maybe land in your junk mail?
                      | Could you have a look in the spam folder?
                    answer: Yes, there's nothing there.
                      | I have, it's not in there either.
                      | I looked, nothing there.
                    explain: The account was locked after too many wrong attempts, it's a security measure.
                    explain: The reset emails were going to an old address that's still on the account.
                    explain: Reset links only last fifteen minutes, so the one you got on {date} has expired.
                    question: Will I lose any of my saved details?
                      | Is my information still there?
                      | Are my saved details going to disappear?
                    reply: No, everything on the account stays as it is.
                      | Nothing is lost, it's all still there.
                      | They won't, your details are safe.
                    question: How do I stop this happening again?
                      | What can I do so it doesn't lock again?
                      | Is there a way to stop it locking again?
                    reply: You can turn on sign-in with a text code in your settings.
                      | A password manager would help, and you can unlock it online next time.
                      | Turning on text code sign-in in settings helps.
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
                      | Could you read me the order number?
                    answer: It's {order}.
                      | Yes, it's {order}.
                      | The number is {order}.
                    ask: Have you checked with your neighbours or around the property?
                      | Could it have been left somewhere safe, like a porch or a shed?
                      | Have you asked next door whether they took it in?
                    answer: I've checked everywhere, it's not here.
                      | I asked next door, they haven't got it.
                      | I have, nobody has it.
                    ask: Is the delivery address {house} {street}?
                      | Am I right that it's going to {house} {street}?
                      | Should it be coming to {house} {street}?
                    answer: Yes, that's right.
                      | That's correct, yes.
                      | Yes, that address is right.
                    explain: The courier marked it as delivered on {date}, but there's no photo of where it was left.
                    explain: It looks like the parcel got stuck at the depot because of a labelling error.
                    explain: The item was damaged in transit, so that's on us, not you.
                    question: Do I need to send the broken one back?
                      | What do I do with the damaged one?
                      | Does the damaged one have to come back to you?
                    reply: No, you can keep it or recycle it.
                      | You don't need to return it, we'll write it off.
                      | No need, it can go in the recycling.
                    question: When will the new one arrive?
                      | How quickly can you get a replacement to me?
                      | When can I expect the replacement?
                    reply: It should be with you by {due}.
                      | Within {days} working days.
                      | The replacement arrives by {due}.
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
                      | How many gigabytes do you normally use?
                    answer: Probably about {gigabytes} gigabytes.
                      | Around {gigabytes} gigs, maybe more.
                      | Something like {gigabytes} gigabytes a month.
                    ask: Would you be happy with a {months} month contract?
                      | Are you okay signing up for {months} months?
                      | Is a {months} month contract okay for you?
                    answer: Yes, that's fine.
                      | As long as the price is right, yes.
                      | That works for me.
                    ask: Do you want to keep the same phone or get a new handset?
                      | Are you keeping your current handset?
                      | Will you keep the phone you have now?
                    answer: I'll keep my phone, it works fine.
                      | I'd like a new one if it's not too expensive.
                      | Yes, no need for a new phone.
                    explain: The {plan} plan is {amount} a month and includes unlimited data.
                    explain: Because you're an existing customer, you'd pay {amount} a month instead of {usual}.
                    explain: Upgrading early means a fee of {fee}, but it's waived if you move up a tier.
                    question: When would the new plan start?
                      | How soon can I switch?
                      | From when does the new plan apply?
                    reply: It starts from your next bill on {due}.
                      | Straight away, the change is instant.
                      | It applies from the bill on {due}.
                    question: Can I change my mind later?
                      | What if I don't like it?
                      | Am I able to cancel if I change my mind?
                    reply: You've got fourteen days to cancel without paying anything.
                      | There's a fourteen day cooling-off period, so you can.
                      | Yes, within fourteen days it costs nothing.
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
                      | May I ask why you want to leave us?
                    answer: It's just too expensive now.
                      | I'm not using it enough to justify it.
                      | The price has gone up too much.
                    ask: Would a lower price change your mind?
                      | If I could knock some money off, would you stay?
                      | Would you stay for a better price?
                    answer: Not really, I've made up my mind.
                      | Maybe, it depends how much.
                      | Probably not, I have decided.
                    ask: When would you like the service to end?
                      | What date do you want it to stop?
                      | What day should the service finish?
                    answer: From {due}, if possible.
                      | As soon as possible, ideally by {due}.
                      | On {due}, please.
                    explain: You're still within the minimum term, so there's an early exit fee of {fee}.
                    explain: We need thirty days of notice, so your final bill will be on {due}.
                    explain: Your contract finished on {date}, so there's nothing extra to pay.
                    question: Will I get a final bill?
                      | Do I need to pay anything else?
                      | Is there a last bill to pay?
                    reply: Yes, it'll come on {due} and cover up to the last day.
                      | Only the final bill on {due}, nothing more.
                      | There is one last bill on {due}.
                    question: What do I do with the equipment?
                      | Do I need to return the router?
                      | What happens to the router?
                    reply: We'll send a prepaid bag for the router.
                      | Yes, there's a free return label in your email.
                      | Send it back in the free bag we post to you.
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
                      | Which way did you return the item?
                    answer: I took it to the post office.
                      | A courier picked it up from my house.
                      | I dropped it at a parcel shop.
                    ask: Do you have the proof of postage?
                      | Did you get a receipt when you sent it?
                      | Have you still got proof that you posted it?
                    answer: Yes, I've got the receipt here.
                      | I think so, somewhere.
                      | Yes, I kept the slip.
                    ask: Did you pay by card or with a gift voucher?
                      | How did you pay for the order?
                      | Which payment method did you use?
                    answer: By card, the one ending {digits}.
                      | I paid with my debit card.
                      | A card, ending {digits}.
                    explain: The return arrived at our warehouse on {date}, but it wasn't matched to your order.
                    explain: The second payment is only a pending authorisation and should drop off in {days} days.
                    explain: Refunds go through once the item has been checked, and that step got missed.
                    question: When will I get the money back?
                      | How long does the refund take?
                      | How soon will the refund reach me?
                    reply: It'll be back on your card in {days} working days.
                      | You should see it by {due}.
                      | Expect it within {days} working days.
                    question: Will I get an email to confirm it?
                      | Can you confirm it in writing?
                      | Is there something in writing to confirm it?
                    reply: Yes, a confirmation email is on its way now.
                      | You'll get an email within the hour.
                      | Yes, we email you a confirmation today.
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
                      | Which address are you moving to?
                    answer: It's {newhouse} {newstreet}, postcode {newpostcode}.
                      | {newhouse} {newstreet}, {newpostcode}.
                      | {newhouse} {newstreet}, and the postcode is {newpostcode}.
                    ask: When do you move in?
                      | From what date should we use the new address?
                      | What date are you moving?
                    answer: From {due}.
                      | I moved in on {date}.
                      | On {due}.
                    ask: Do you want the service moved to the new address too?
                      | Are you taking your broadband with you?
                      | Should the broadband move with you?
                    answer: Yes please, the same package.
                      | No, just the billing address.
                      | Yes, keep everything the same.
                    explain: The address was changed on your profile but not on the billing account, so they don't match.
                    explain: Moving the service takes about {days} working days to set up at a new address.
                    explain: Your old address is still linked to the direct debit, which is why the letters went there.
                    question: Will there be a gap in service?
                      | Will I be without internet when I move?
                      | Will the internet stop while I move?
                    reply: No, it switches over on the day you move.
                      | There might be a day without, but we'll send a data boost.
                      | It moves across on the same day.
                    question: Is there a charge for moving?
                      | Do I have to pay for the move?
                      | Does moving cost anything?
                    reply: No, moving is free for existing customers.
                      | There's a {fee} set-up fee, but I can waive it.
                      | Moving is free for you.
                    resolve: I've updated your address to {newhouse} {newstreet}, {newpostcode}, from {due}.
                    resolve: I've changed the billing address and the direct debit, so everything goes to the new place.
                    resolve: I've booked the move of your service for {due}, reference {reference}.
                    """));

    private Scripts() {
    }
}
