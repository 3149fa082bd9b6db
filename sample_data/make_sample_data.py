#!/usr/bin/env python3
"""Write the synthetic sample datasets that ship with dataaudit.

Run from anywhere:  python sample_data/make_sample_data.py

Outputs, next to this script:
  voice_agent_intents.csv         a deliberately problematic intent dataset
  voice_agent_intents.truth.json  exactly which rows carry which injected problem
  clean_intents.csv               a clean dataset with the same label set
  voice_agent_production.csv      what users send (unlabeled): requests like the clean set's,
                                  plus one kind the training file never holds (the nearest
                                  hospital or clinic): `--production` reports it as a gap

Everything is authored by hand below (no third-party data). Problems are
injected with a fixed-seed RNG, so two runs produce byte-identical files.
Standard library only.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import random
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 7
# Two authored texts must be less similar than this (difflib ratio, casefolded).
SIMILARITY_LIMIT = 0.85
# A typo'd copy must stay at least this similar to the row it copies.
TYPO_MIN_SIMILARITY = 0.85
# Only texts at least this long (normalized) get typo'd copies, so that
# 1-3 edits keep them recognisably the same utterance.
TYPO_MIN_LENGTH = 20

N_EXACT_BASES = 20          # base rows that get exact repeats
N_EXACT_DOUBLE = 5          # ... of which this many get two repeats (=> 25 copies)
N_TYPO_BASES = 36           # base rows that get typo'd repeats
N_TYPO_DOUBLE = 4           # ... of which this many get two (=> 40 copies)
N_TYPO_DEVANAGARI_MIN = 8   # at least this many typo'd bases are Devanagari
N_CONFLICT_PAIR_EXACT = 4   # 1-vs-1 conflicts, wrong copy is an exact repeat
N_CONFLICT_PAIR_TYPO = 4    # 1-vs-1 conflicts, wrong copy is typo'd
N_CONFLICT_THREEWAY = 1     # 1-vs-1-vs-1 (three labels, no majority)
N_MISLABELED = 12           # untouched base utterances given a clearly wrong label
# Speakers: the health worker who recorded a phrase again and again made most copies.
SPEAKERS = [f"asha_{k:02d}" for k in range(1, 9)]
REPEATER = "asha_07"
REPEATER_SHARE_OF_COPIES = 0.8
# Majority conflicts reuse the N_EXACT_DOUBLE bases: 3 copies say A, 1 says B.

LABELS = [
    "greeting",
    "goodbye",
    "check_balance",
    "payment_failed",
    "book_appointment",
    "cancel_appointment",
    "medicine_reminder",
    "report_symptom",
    "ambulance_request",
    "vaccination_schedule",
    "talk_to_agent",
    "change_language",
    "test_report_status",
]

# Plausible wrong labels for a given true label (what a tired annotator picks),
# most likely first.
CONFUSABLE = {
    "greeting": ["goodbye", "talk_to_agent"],
    "goodbye": ["greeting", "talk_to_agent"],
    "check_balance": ["payment_failed", "test_report_status"],
    "payment_failed": ["check_balance", "talk_to_agent"],
    "book_appointment": ["cancel_appointment", "vaccination_schedule"],
    "cancel_appointment": ["book_appointment", "talk_to_agent"],
    "medicine_reminder": ["vaccination_schedule", "report_symptom"],
    "report_symptom": ["ambulance_request", "book_appointment"],
    "ambulance_request": ["report_symptom", "talk_to_agent"],
    "vaccination_schedule": ["medicine_reminder", "book_appointment"],
    "talk_to_agent": ["change_language", "greeting"],
    "change_language": ["talk_to_agent", "greeting"],
    "test_report_status": ["book_appointment", "report_symptom"],
}

# ---------------------------------------------------------------------------
# Base utterances of the problematic dataset (19 per intent). A mix of
# English, Hindi in Devanagari, romanized Hindi and code-mixed Hindi/English.
# ---------------------------------------------------------------------------
VOICE_BASE = {
    "greeting": [
        "hello, is anyone there?",
        "good morning, I need some help",
        "hi, can you hear me?",
        "namaste ji",
        "नमस्ते, मेरी बात सुनिए",
        "हेलो, कोई है क्या?",
        "नमस्कार जी, सुप्रभात",
        "haan ji bolo, main sun rahi hoon",
        "hello madam, ASHA didi bol rahi hoon",
        "hi there, I am calling from the PHC",
        "good evening, hope you are doing well",
        "ram ram ji, kaise ho aap",
        "hey, koi line pe hai?",
        "sat sri akal ji",
        "hello hello, awaaz aa rahi hai?",
        "namaskar, main Anganwadi se Geeta baat kar rahi hoon",
        "good afternoon to the helpline team",
        "हाय, शुभ दोपहर",
        "vanakkam, hello sir",
    ],
    "goodbye": [
        "thank you, bye",
        "that's all for today, goodbye",
        "ok thanks, I will call later",
        "dhanyavaad, ab rakhti hoon",
        "धन्यवाद, फिर मिलते हैं",
        "बस इतना ही, अलविदा",
        "theek hai ji, bye bye",
        "chalo ji, phone rakhta hoon",
        "thanks a lot for your help, have a nice day",
        "shukriya, aapne bahut madad ki",
        "ok done, bas itna hi kaam tha",
        "no more questions, you can end the call",
        "शुक्रिया, शुभ रात्रि",
        "good night, talk tomorrow",
        "acha toh main chalti hoon, bye",
        "sab samajh aa gaya, thank you so much",
        "kaam ho gaya, ab call cut kar do",
        "बहुत बहुत धन्यवाद आपका",
        "see you, take care",
    ],
    "check_balance": [
        "what is my account balance",
        "how much money is left in my wallet",
        "mera balance kitna hai",
        "मेरे खाते में कितने पैसे हैं?",
        "check my balance please",
        "balance batao na",
        "kitna paisa bacha hai mere account mein",
        "can you tell me the remaining amount on my health card",
        "ASHA incentive ka balance check karna hai",
        "मेरा बैलेंस बताइए",
        "wallet mein kitne rupaye hain abhi",
        "I want to know my current balance",
        "last month ka incentive aaya ki nahi, balance dekho",
        "अकाउंट में बाकी राशि कितनी है",
        "show me my Ayushman card balance",
        "paise kitne bache hain bata do",
        "mini statement chahiye, balance ke saath",
        "how much credit do I have left",
        "खाते का शेष जानना है",
    ],
    "payment_failed": [
        "my payment failed but money was deducted",
        "payment fail ho gaya",
        "पैसे कट गए लेकिन पेमेंट नहीं हुआ",
        "UPI transaction failed while paying the lab fee",
        "transaction pending dikha raha hai, paisa kat gaya",
        "I got an error when paying for the appointment",
        "bhugtan nahi hua, dobara try karun kya",
        "भुगतान असफल हो गया, क्या करूँ?",
        "card se payment nahi ja raha",
        "amount debited twice for one order",
        "refund kab aayega, payment fail hua tha",
        "the transaction shows declined by bank",
        "मेरा पेमेंट अटक गया है",
        "QR scan karke pay kiya par failed aaya",
        "why did my payment not go through",
        "paisa account se gaya lekin receipt nahi mili",
        "netbanking se pay karte waqt page hang ho gaya",
        "ऑनलाइन फीस जमा नहीं हो पाई",
        "payment gateway timeout error aa raha hai",
    ],
    "book_appointment": [
        "I want to book an appointment with a doctor",
        "doctor ka time chahiye Monday ko",
        "मुझे कल डॉक्टर से मिलना है",
        "book a slot for my mother at the district hospital",
        "gynecologist ke saath appointment fix karna hai",
        "can I see the child specialist this Friday",
        "appointment book kar do please",
        "डॉक्टर साहब से मिलने का समय चाहिए",
        "OPD mein naam likhwana hai kal ke liye",
        "schedule a checkup for my pregnant wife",
        "aankh ke doctor ko dikhana hai",
        "मेरी माँ के लिए अपॉइंटमेंट लेना है",
        "is there any free slot with the dentist next week",
        "PHC pe checkup ka time book karo",
        "I need a consultation for my diabetes",
        "bacche ko dikhana hai, koi slot khali hai?",
        "ANC checkup ke liye date chahiye",
        "कल सुबह का अपॉइंटमेंट मिल सकता है क्या?",
        "reserve a teleconsultation for this evening",
    ],
    "cancel_appointment": [
        "cancel my appointment",
        "mera appointment cancel kar do",
        "मेरा अपॉइंटमेंट रद्द कर दीजिए",
        "I can't come tomorrow, please cancel the booking",
        "kal nahi aa paungi, booking hata do",
        "drop my slot with the dentist",
        "doctor wali booking radd karni hai",
        "मुझे कल का समय नहीं चाहिए, कैंसल करो",
        "please call off my checkup on Thursday",
        "appointment nahi chahiye ab, mana kar do",
        "my son is better now, no need for the visit",
        "OPD ka token cancel karna hai",
        "बुकिंग कैंसिल करनी है",
        "remove my name from tomorrow's list",
        "jo time liya tha woh khatam kar do",
        "I booked by mistake, undo it",
        "शुक्रवार वाली मुलाकात रद्द करें",
        "hum shehar ja rahe hain, appointment cancel karo",
        "withdraw the teleconsultation request",
    ],
    "medicine_reminder": [
        "remind me to take my BP tablet at 8 pm",
        "dawai ka reminder laga do",
        "मुझे रोज़ सुबह दवा याद दिलाना",
        "set a daily alarm for my iron tablets",
        "sugar ki goli raat ko lena bhool jata hoon, yaad dilana",
        "can you remind my father about his insulin",
        "TB ki dawai ka time yaad dilao",
        "दवाई लेने का रिमाइंडर सेट करें",
        "har 6 ghante mein syrup dena hai, alert bhejo",
        "I keep forgetting my thyroid medicine",
        "folic acid tablet roz subah, reminder chahiye",
        "माँ को शाम की गोली का याद दिलाना",
        "set medicine reminder for 30 days",
        "khana khane ke baad wali dawai yaad dila dena",
        "please message me when it's time for the antibiotic",
        "गोली खाने का समय बताते रहना",
        "calcium ki goli ka alarm band karke naya lagao",
        "reminder for eye drops twice a day",
        "bacche ki deworming tablet yaad dilana agle mahine",
    ],
    "report_symptom": [
        "bukhar hai since 2 days",
        "I have a bad headache and feel dizzy",
        "मुझे तीन दिन से खांसी है",
        "pet mein bahut dard ho raha hai",
        "my child has loose motions since morning",
        "sar dard aur ulti ho rahi hai",
        "गले में खराश और जुकाम है",
        "BP high lag raha hai, chakkar aa rahe hain",
        "there is a rash on my arm that itches",
        "pregnant hoon aur pair mein sujan hai",
        "saans lene mein thodi dikkat hai",
        "मेरे बच्चे को तेज़ बुखार है",
        "my mother has joint pain in both knees",
        "kamar mein dard rehta hai subah",
        "I feel weak and have no appetite",
        "आँखें लाल हैं और पानी आ रहा है",
        "sugar badh gayi lagti hai, pyaas bahut lagti hai",
        "dant mein dard hai, khana nahi kha pa raha",
        "feeling feverish with body ache since last night",
    ],
    "ambulance_request": [
        "send an ambulance immediately",
        "jaldi ambulance bhejo",
        "एम्बुलेंस भेजिए, मरीज़ बेहोश है",
        "there has been a road accident near the bus stand",
        "delivery pain shuru ho gaya, gaadi chahiye abhi",
        "108 wali gaadi bulao",
        "मेरे पिताजी गिर गए हैं, तुरंत मदद चाहिए",
        "someone is unconscious and not breathing properly",
        "saanp ne kaat liya hai, hospital le jana hai",
        "emergency hai, mareez ko le jaane ke liye vehicle bhejo",
        "my wife is bleeding heavily, we need transport to the hospital",
        "आपातकालीन वाहन चाहिए गाँव में",
        "heart attack jaisa lag raha hai, ambulance bhej do",
        "I need an ambulance at Shanti Nagar, house number 42",
        "bachha pani mein gir gaya tha, jaldi aao",
        "गर्भवती महिला को अस्पताल ले जाना है, वाहन भेजें",
        "ambulance kitni der mein pahunchegi",
        "please dispatch emergency help to the highway",
        "burn injury hai, turant gaadi chahiye",
    ],
    "vaccination_schedule": [
        "when is my baby's next vaccine due",
        "bacche ka teeka kab lagega",
        "टीकाकरण की अगली तारीख क्या है?",
        "polio drops kab pilane hain",
        "show the immunisation chart for a 9 month old",
        "BCG ke baad kaunsa vaccine lagta hai",
        "is the measles shot given at the anganwadi this week",
        "मेरे बेटे का अगला टीका कब है",
        "covid booster dose ki date batao",
        "tetanus injection during pregnancy, which month",
        "teekakaran diwas kab hai gaon mein",
        "पेंटावैलेंट का दूसरा डोज़ कब देना है",
        "I missed the 6 week vaccines, what now",
        "HPV vaccine beti ko kab lagwana chahiye",
        "hepatitis B ki teesri khuraak ki tareekh",
        "बच्चों के टीकों का पूरा शेड्यूल भेज दो",
        "which vaccines are due at 16 to 24 months",
        "Mission Indradhanush camp ki date kya hai",
        "rotavirus drops ka schedule samjhao",
    ],
    "talk_to_agent": [
        "I want to talk to a real person",
        "kisi insaan se baat karao",
        "मुझे किसी अधिकारी से बात करनी है",
        "connect me to customer care",
        "agent se baat karni hai please",
        "this bot is not helping, give me a human",
        "operator ko line do",
        "कृपया मुझे कॉल सेंटर वाले से जोड़ें",
        "supervisor se baat karwa do",
        "can I speak with someone from the helpline team",
        "machine se baat nahi karni",
        "transfer my call to an executive",
        "कोई आदमी से बात करवा दो",
        "live agent please, urgent hai",
        "I'd like to file a complaint with a staff member",
        "madam, kisi officer ko phone do",
        "customer support executive se connect karo",
        "इंसान से बात करवाइए, मशीन से नहीं",
        "press zero ke baad bhi koi nahi aaya, agent chahiye",
    ],
    "change_language": [
        "please speak in Hindi",
        "Hindi mein baat karo",
        "कृपया हिंदी में बोलिए",
        "can you switch to English",
        "mujhe English samajh nahi aati",
        "Bhojpuri mein bol sakte ho kya",
        "change the language to Marathi",
        "भाषा बदल दीजिए",
        "Tamil language option chahiye",
        "I don't understand Hindi well, use English please",
        "angrezi mein samjhao",
        "मुझे बंगाली में जानकारी चाहिए",
        "set my preferred language as Telugu",
        "apni bhasha mein baat karni hai, Gujarati",
        "language change karna hai",
        "can we continue in Kannada",
        "अंग्रेज़ी में बात करें",
        "Odia bhasha select karo",
        "your Hindi is too fast, switch to Punjabi",
    ],
    "test_report_status": [
        "is my blood test report ready",
        "report kab milegi",
        "मेरी जाँच की रिपोर्ट आ गई क्या?",
        "sugar test ka result aaya kya",
        "when will I get my x-ray report",
        "lab report abhi tak nahi mili",
        "send my thyroid results on WhatsApp",
        "खून की जाँच का नतीजा बताइए",
        "CBC report download kaise karun",
        "my ultrasound was done on Monday, any update",
        "TB test negative aaya ya positive",
        "पेशाब की जांच की रिपोर्ट चाहिए",
        "has the doctor reviewed my ECG",
        "malaria ki jaanch ka parinaam kab aayega",
        "HbA1c report ka status batao",
        "I gave a sample three days ago, still waiting",
        "रिपोर्ट तैयार है तो SMS कर दो",
        "sample collection ke baad kitne din lagte hain",
        "can you email me the pathology report",
    ],
}

# Rows whose label is a misspelling of a real label. The texts are new,
# distinct utterances that genuinely belong to the intent.
LABEL_VARIANT_ROWS = [
    ("Book Appointment", "book_appointment", "need an appointment at the eye hospital on Tuesday"),
    ("Book Appointment", "book_appointment", "bacche ke doctor ka time lena hai parso"),
    ("book-appointment", "book_appointment", "ENT specialist ko dikhana hai, slot chahiye"),
    ("Check_Balance", "check_balance", "tell me the balance of my savings account"),
    ("check balance", "check_balance", "e-wallet ka balance sunaiye zara"),
    ("chek_balance", "check_balance", "खाते में बैलेंस कितना है"),
    ("medicne_reminder", "medicine_reminder", "remind me to give my son his cough syrup"),
    ("medicne_reminder", "medicine_reminder", "रात को दवा की याद दिलाना"),
    ("Talk To Agent", "talk_to_agent", "I want to speak with a customer service person"),
    ("ambulence_request", "ambulance_request", "gaon mein ek aadmi behosh pada hai, ambulance bhejo"),
]

# Distinct texts whose label was never filled in ("" twice, whitespace once).
MISSING_LABEL_ROWS = [
    ("पिछले महीने का पैसा नहीं आया", ""),
    ("can you tell me the clinic timings", ""),
    ("bas yahi poochna tha", " "),
]

# Rows whose text is empty or whitespace-only (the label is fine).
EMPTY_TEXT_ROWS = [
    ("", "greeting"),
    ("   ", "report_symptom"),
]

# A few hand-picked showcase repeats; the rest are generated from the seed.
FEATURED_EXACT = {
    "cancel my appointment": "Cancel my appointment!!",
    "मुझे कल डॉक्टर से मिलना है": "मुझे कल डॉक्टर से मिलना है।",
    "mera balance kitna hai": "Mera  balance kitna hai?",
}
FEATURED_TYPO = {
    "mera appointment cancel kar do": "mera apointment cancel kar do",
    "मुझे तीन दिन से खांसी है": "मुझे तीन दिन से खासी है",
    "bukhar hai since 2 days": "bukhaar hai since 2 days",
}

# ---------------------------------------------------------------------------
# The clean dataset (11 per intent). Distinct from each other and from every
# text above.
# ---------------------------------------------------------------------------
CLEAN = {
    "greeting": [
        "hello, good to reach you",
        "hi, anybody on this line",
        "namaste madam ji, kaisi hain aap",
        "नमस्ते भैया",
        "सुप्रभात, आप कैसे हैं?",
        "good morning from Sitapur block",
        "hello ji, main Rampur gaon se bol raha hoon",
        "adaab, kaise hain aap sab",
        "hi hi, am I connected?",
        "pranam, aap sun rahe ho na?",
        "हैलो, मैं आशा कार्यकर्ता बोल रही हूँ",
    ],
    "goodbye": [
        "alright, bye for now",
        "thank you madam, rakhti hoon phone",
        "ठीक है, नमस्ते, फोन रखता हूँ",
        "that will be all, thanks",
        "chaliye phir baat karte hain",
        "cheers, have a good one",
        "मेरा काम हो गया, धन्यवाद",
        "accha ji, khuda hafiz",
        "okay, I am hanging up now",
        "bas ho gaya, shukriya didi",
        "thanks, see you next week",
    ],
    "check_balance": [
        "balance enquiry",
        "tell me how much is in my account",
        "mere khate ka balance sunao",
        "बैलेंस चेक करना है",
        "what's the available balance on my card",
        "account mein abhi kitna amount hai",
        "kitne paise jama hain mere naam pe",
        "मेरे वॉलेट में कितना बचा है",
        "remaining balance bata dijiye please",
        "do I have enough money for the recharge",
        "JSY payment ke baad mera balance kya hai",
    ],
    "payment_failed": [
        "the payment did not succeed",
        "money cut from account but booking not confirmed",
        "paytm se pay kiya, failed bata raha hai",
        "पेमेंट फेल क्यों हुआ?",
        "my UPI shows success but you show unpaid",
        "bhugtan atak gaya hai, madad karo",
        "transaction ID hai par payment reflect nahi hua",
        "दो बार पैसे कट गए",
        "card declined when I tried paying",
        "fees bharte time error aaya",
        "please reverse the failed transaction amount",
    ],
    "book_appointment": [
        "I'd like to make a doctor's appointment",
        "skin doctor se milne ka time do",
        "डॉक्टर के साथ मुलाकात तय करनी है",
        "please set up a visit with Dr. Sharma",
        "naya appointment lena hai bukhar ke liye",
        "book me in for a blood pressure check",
        "haddi ke doctor ka appointment chahiye",
        "अगले हफ्ते का समय बुक कर दीजिए",
        "any slots open at the CHC tomorrow",
        "meri beti ke liye checkup book karna hai",
        "video consultation ka slot de do",
    ],
    "cancel_appointment": [
        "I need to cancel my doctor visit",
        "booking cancel kar dijiye",
        "अपॉइंटमेंट कैंसिल कर दो",
        "scrap the Monday appointment",
        "ab doctor ke paas nahi jana, cancel",
        "cancel the lab visit I had scheduled",
        "mujhe appointment nahi chahiye",
        "कल का अपॉइंटमेंट रद्द",
        "she cannot travel, cancel her slot",
        "token wapas le lo, nahi aa sakte",
        "please delete my booking for the eye camp",
    ],
    "medicine_reminder": [
        "remind me about my pills every night",
        "dawa lene ki yaad dilana roz",
        "दवा का अलार्म लगा दीजिए",
        "notify me at 7 am for metformin",
        "BP ki goli ka reminder set karo",
        "set up a pill alert for my grandmother",
        "inhaler use karna bhool jati hoon",
        "हर रात दस बजे गोली की याद",
        "I need alerts for my malaria course",
        "vitamin tablet ka roz message bhejna",
        "ORS dene ka time remind karte rehna",
    ],
    "report_symptom": [
        "I've been coughing a lot at night",
        "halka bukhar aur thand lag rahi hai",
        "सीने में जलन होती है खाने के बाद",
        "my ear is paining since yesterday",
        "baccha doodh nahi pi raha, sust hai",
        "skin pe daane nikal aaye hain",
        "पेशाब में जलन हो रही है",
        "there is swelling in my ankle after the fall",
        "neend nahi aati aur ghabrahat hoti hai",
        "ulti aur dast dono ho rahe hain",
        "मुझे कमज़ोरी और चक्कर महसूस हो रहे हैं",
    ],
    "ambulance_request": [
        "call an ambulance for me right now",
        "mareez ki haalat kharab hai, gaadi bhejiye",
        "तुरंत एम्बुलेंस की ज़रूरत है",
        "a tractor overturned, two people injured",
        "102 ambulance bulana hai",
        "she fainted and won't wake up, send help",
        "jaldi karo, dil ka daura pada hai",
        "दुर्घटना हुई है, एम्बुलेंस भेजिए",
        "need emergency transport for a newborn",
        "hospital le jaane ke liye gaadi chahiye turant",
        "bahut khoon beh raha hai, help bhejo",
    ],
    "vaccination_schedule": [
        "what shots does a newborn need",
        "agla vaccination kab hai",
        "टीका लगवाने का दिन बताइए",
        "is there a vaccine camp on Saturday",
        "MR vaccine ka doosra dose kab",
        "send me my daughter's immunization dates",
        "teeke ka card kho gaya, schedule phir se batao",
        "गर्भवती महिलाओं को कौन से टीके लगते हैं",
        "JE vaccine kis umar mein lagta hai",
        "when should the DPT booster be given",
        "flu shot ke liye kab aana hai",
    ],
    "talk_to_agent": [
        "get me a human agent",
        "representative se baat karwao",
        "किसी कर्मचारी से बात कराइए",
        "I need to speak to the support staff",
        "koi asli banda hai line pe?",
        "escalate this to your manager",
        "help desk wale bhaiya se baat karni hai",
        "मुझे ऑपरेटर चाहिए",
        "stop the automated menu and connect me",
        "call centre mein kisi se jodo",
        "your system is confusing, I want a person",
    ],
    "change_language": [
        "switch the language please",
        "Marathi mein boliye",
        "हिंदी भाषा चुनें",
        "speak English from now on",
        "bhasha badalni hai",
        "mujhe Urdu mein samjhaiye",
        "मलयालम में बात हो सकती है?",
        "is Assamese available",
        "English mein bolo na",
        "can you talk in Haryanvi",
        "Hindi nahi, Bengali mein batao",
    ],
    "test_report_status": [
        "are my lab results out yet",
        "meri report ready hai kya",
        "जांच रिपोर्ट कब तक आएगी",
        "what did the biopsy show",
        "hemoglobin test ka result bhejo",
        "I need a copy of my CT scan report",
        "covid test report nahi aayi abhi",
        "एक्स-रे का परिणाम मिला क्या",
        "pichle hafte ki jaanch ka kya hua",
        "check the status of my urine culture",
        "lipid profile results kab milenge",
    ],
}

# ---------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------
# Mirrors dataaudit/text.py: punctuation and modifier symbols fold; currency, maths and other symbols stay.
_PUNCT_CATEGORIES = frozenset({"Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sk"})
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """What counts as "the same text": NFKC, casefold, punctuation to space, collapse spaces."""
    folded = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).casefold()
    folded = unicodedata.normalize("NFKC", folded)
    folded = "".join(" " if unicodedata.category(ch) in _PUNCT_CATEGORIES else ch for ch in folded)
    return _SPACE.sub(" ", folded).strip()


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.casefold(), b.casefold(), autojunk=False).ratio()


def is_devanagari(text: str) -> bool:
    return any("\u0900" <= ch <= "\u097f" for ch in text)


def fail(message: str) -> None:
    sys.exit(f"make_sample_data.py: FAILED: {message}")


def check_authored(texts: list[str], what: str) -> None:
    for t in texts:
        if not t or t != t.strip() or "  " in t:
            fail(f"{what}: bad spacing in {t!r}")
        if not unicodedata.is_normalized("NFC", t):
            fail(f"{what}: not NFC-normalized: {t!r}")


def check_distinct(texts: list[str], what: str) -> float:
    """Fail loudly if any two texts are >= SIMILARITY_LIMIT similar. Returns the max ratio."""
    folded = [t.casefold() for t in texts]
    seen: dict[str, str] = {}
    for t in texts:
        n = normalize(t)
        if n in seen:
            fail(f"{what}: {t!r} and {seen[n]!r} are the same after normalization")
        seen[n] = t
    worst = 0.0
    for i in range(len(folded)):
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(folded[i])
        for j in range(i):
            matcher.set_seq1(folded[j])
            if matcher.real_quick_ratio() < worst or matcher.quick_ratio() < worst:
                continue
            r = matcher.ratio()
            if r >= SIMILARITY_LIMIT:
                fail(f"{what}: {texts[j]!r} and {texts[i]!r} are {r:.2f} similar (limit {SIMILARITY_LIMIT})")
            worst = max(worst, r)
    return worst


# ---------------------------------------------------------------------------
# Problem injection
# ---------------------------------------------------------------------------
QWERTY_NEIGHBOURS = {
    "q": "wa", "w": "qes", "e": "wrd", "r": "etf", "t": "ryg", "y": "tuh", "u": "yij",
    "i": "uok", "o": "ipl", "p": "ol", "a": "qsz", "s": "adw", "d": "sfe", "f": "dgr",
    "g": "fht", "h": "gjy", "j": "hku", "k": "jli", "l": "ko", "z": "xa", "x": "zc",
    "c": "xv", "v": "cb", "b": "vn", "n": "bm", "m": "n",
}
# Common Devanagari slips: long/short vowel signs, nasalisation, similar letters.
DEVANAGARI_CONFUSIONS = {
    "\u093f": "\u0940", "\u0940": "\u093f",  # ि ी
    "\u0941": "\u0942", "\u0942": "\u0941",  # ु ू
    "\u0947": "\u0948", "\u0948": "\u0947",  # े ै
    "\u094b": "\u094c", "\u094c": "\u094b",  # ो ौ
    "\u0902": "\u0901", "\u0901": "\u0902",  # ं ँ
    "\u0938": "\u0936", "\u0936": "\u0938",  # स श
    "\u092c": "\u0935", "\u0935": "\u092c",  # ब व
    "\u0924": "\u091f", "\u091f": "\u0924",  # त ट
    "\u0926": "\u0921", "\u0921": "\u0926",  # द ड
    "\u0928": "\u0923",                      # न ण
}


def _editable(text: str) -> list[int]:
    return [i for i, ch in enumerate(text)
            if not ch.isspace() and unicodedata.category(ch)[0] not in "PSN"]


def _char_edit(text: str, rng: random.Random) -> tuple[str, str]:
    positions = _editable(text)
    i = rng.choice(positions)
    ch = text[i]
    if is_devanagari(ch):
        op = rng.choice(["confuse", "confuse", "delete", "double"])
        if op == "confuse" and ch in DEVANAGARI_CONFUSIONS:
            return text[:i] + DEVANAGARI_CONFUSIONS[ch] + text[i + 1:], "swap"
        if op == "double" and unicodedata.category(ch) == "Lo":
            return text[:i] + ch + text[i:], "double"
        return text[:i] + text[i + 1:], "delete"
    op = rng.choice(["neighbour", "delete", "double", "transpose"])
    if op == "neighbour" and ch.lower() in QWERTY_NEIGHBOURS:
        new = rng.choice(QWERTY_NEIGHBOURS[ch.lower()])
        return text[:i] + (new.upper() if ch.isupper() else new) + text[i + 1:], "substitute"
    if op == "transpose" and i + 1 < len(text) and text[i + 1].isalpha() and text[i + 1] != ch:
        return text[:i] + text[i + 1] + ch + text[i + 2:], "transpose"
    if op == "double":
        return text[:i] + ch + text[i:], "double"
    return text[:i] + text[i + 1:], "delete"


def make_typo(text: str, rng: random.Random, avoid: set[str], bases: list[str]) -> tuple[str, str]:
    """A copy of text with 1-3 character slips, or a dropped / doubled word."""
    for _ in range(200):
        words = text.split(" ")
        roll = rng.random()
        if roll < 0.15 and len(words) >= 6:
            k = rng.randrange(1, len(words))
            copy, how = " ".join(words[:k] + words[k + 1:]), "dropped word"
        elif roll < 0.25 and len(words) >= 4:
            k = rng.randrange(len(words))
            w = words[k].rstrip(",?!.")
            copy, how = " ".join(words[:k] + [w] + words[k:]), "doubled word"
        else:
            n = rng.randint(1, 3)
            copy, ops = text, []
            for _ in range(n):
                copy, op = _char_edit(copy, rng)
                ops.append(op)
            how = f"{n} char edit{'s' if n > 1 else ''} ({', '.join(ops)})"
        if normalize(copy) == normalize(text) or normalize(copy) in avoid:
            continue
        if similarity(copy, text) < TYPO_MIN_SIMILARITY:
            continue
        # The copy must still be closest to its own original.
        own = similarity(copy, text)
        if any(b != text and similarity(copy, b) >= own for b in bases):
            continue
        return copy, how
    fail(f"could not make a valid typo of {text!r}")
    raise AssertionError  # unreachable


def surface_variant(text: str, rng: random.Random) -> str:
    """An exact repeat, possibly with different case/spacing/punctuation."""
    if rng.random() < 0.4:
        return text
    if is_devanagari(text):
        options = ["danda", "bang", "double_space", "pad", "question"]
    else:
        options = ["upper_first", "bang", "question", "period", "double_space", "pad", "title", "upper", "nbsp"]
    picks = rng.sample(options, rng.choice([1, 1, 2]))
    out = text
    for p in picks:
        if p == "upper_first":
            out = out[0].upper() + out[1:]
        elif p == "title":
            out = out.title()
        elif p == "upper":
            out = out.upper()
        elif p == "bang":
            out = out.rstrip("?.!।") + "!!"
        elif p == "question":
            out = out.rstrip("?.!।") + "?"
        elif p == "period":
            out = out.rstrip("?.!।") + "."
        elif p == "danda":
            out = out.rstrip("?.!।") + "।"
        elif p in ("double_space", "nbsp"):
            spaces = [i for i, ch in enumerate(out) if ch == " "]
            if spaces:
                i = rng.choice(spaces)
                out = out[:i] + ("  " if p == "double_space" else "\u00a0") + out[i + 1:]
        elif p == "pad":
            out = " " + out + "  "
    return out


# ---------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------
def build_voice(rng: random.Random) -> tuple[list[tuple[str, str]], dict]:
    bases = [(t, label) for label in LABELS for t in VOICE_BASE[label]]
    base_texts = [t for t, _ in bases]
    label_of = dict(bases)
    ids = list(range(len(bases)))

    def n_len(i: int) -> int:
        return len(normalize(base_texts[i]))

    index_of = {t: i for i, t in enumerate(base_texts)}
    for t in list(FEATURED_EXACT) + list(FEATURED_TYPO):
        if t not in index_of:
            fail(f"featured text {t!r} is not a base utterance")

    # Each record: text, label, kind, source base id (None for standalone rows), note.
    records: list[dict] = [
        {"text": t, "label": label, "kind": "base", "src": i, "note": ""}
        for i, (t, label) in enumerate(bases)
    ]
    used: set[int] = set()

    # --- exact repeats -----------------------------------------------------
    exact_bases = [index_of[t] for t in FEATURED_EXACT]
    featured_typo = {index_of[t] for t in FEATURED_TYPO}
    pool = [i for i in ids if i not in exact_bases and i not in featured_typo]
    exact_bases += rng.sample(pool, N_EXACT_BASES - len(exact_bases))
    used.update(exact_bases)
    double_exact = sorted(rng.sample(exact_bases, N_EXACT_DOUBLE))
    for i in exact_bases:
        for k in range(2 if i in double_exact else 1):
            t = base_texts[i]
            copy = FEATURED_EXACT[t] if (k == 0 and t in FEATURED_EXACT) else surface_variant(t, rng)
            if normalize(copy) != normalize(t):
                fail(f"exact repeat {copy!r} does not normalize to {t!r}")
            records.append({"text": copy, "label": label_of[t], "kind": "exact_copy", "src": i,
                            "note": "verbatim" if copy == t else "case/space/punctuation variant"})

    # --- typo'd repeats ----------------------------------------------------
    typo_bases = [index_of[t] for t in FEATURED_TYPO]
    if used & set(typo_bases):
        fail("a featured typo base is also an exact-repeat base")
    eligible = [i for i in ids if i not in used and i not in typo_bases and n_len(i) >= TYPO_MIN_LENGTH]
    dev_have = sum(is_devanagari(base_texts[i]) for i in typo_bases)
    dev_pool = [i for i in eligible if is_devanagari(base_texts[i])]
    typo_bases += rng.sample(dev_pool, max(0, N_TYPO_DEVANAGARI_MIN - dev_have))
    eligible = [i for i in eligible if i not in typo_bases]
    typo_bases += rng.sample(eligible, N_TYPO_BASES - len(typo_bases))
    used.update(typo_bases)
    double_typo = sorted(rng.sample(typo_bases, N_TYPO_DOUBLE))
    for i in typo_bases:
        t = base_texts[i]
        made: set[str] = {normalize(t)}
        for k in range(2 if i in double_typo else 1):
            if k == 0 and t in FEATURED_TYPO:
                copy, how = FEATURED_TYPO[t], "featured"
                if normalize(copy) in made or similarity(copy, t) < TYPO_MIN_SIMILARITY:
                    fail(f"featured typo {copy!r} is not a valid near-duplicate of {t!r}")
            else:
                copy, how = make_typo(t, rng, made, base_texts)
            made.add(normalize(copy))
            records.append({"text": copy, "label": label_of[t], "kind": "near_copy", "src": i, "note": how})

    # --- label conflicts ---------------------------------------------------
    conflicts: list[dict] = []

    def pick_wrong(label: str) -> str:
        # Mostly the closest neighbouring intent, sometimes the second one.
        first, second = CONFUSABLE[label][:2]
        return first if rng.random() < 0.75 else second

    def wrong_copy(i: int, wrong: str, typo: bool, avoid: set[str]) -> None:
        t = base_texts[i]
        if typo:
            copy, how = make_typo(t, rng, avoid, base_texts)
            avoid.add(normalize(copy))
        else:
            copy, how = surface_variant(t, rng), "exact repeat"
        records.append({"text": copy, "label": wrong, "kind": "conflict_copy", "src": i, "note": how})

    # Clear majority: the bases that already have two exact repeats (3 say A, 1 says B).
    for i in double_exact:
        wrong = pick_wrong(label_of[base_texts[i]])
        wrong_copy(i, wrong, typo=False, avoid=set())
        conflicts.append({"base": i, "majority": label_of[base_texts[i]], "match": "exact"})
    # 1-vs-1, no majority.
    untouched = [i for i in ids if i not in used]
    long_untouched = [i for i in untouched if n_len(i) >= TYPO_MIN_LENGTH]
    pair_typo = rng.sample(long_untouched, N_CONFLICT_PAIR_TYPO)
    used.update(pair_typo)
    untouched = [i for i in untouched if i not in used]
    pair_exact = rng.sample(untouched, N_CONFLICT_PAIR_EXACT)
    used.update(pair_exact)
    for i in sorted(pair_exact + pair_typo):
        typo = i in pair_typo
        wrong = pick_wrong(label_of[base_texts[i]])
        wrong_copy(i, wrong, typo=typo, avoid={normalize(base_texts[i])})
        conflicts.append({"base": i, "majority": None, "match": "near" if typo else "exact"})
    # Three labels, one row each.
    untouched = [i for i in ids if i not in used]
    for i in rng.sample(untouched, N_CONFLICT_THREEWAY):
        used.add(i)
        for wrong in CONFUSABLE[label_of[base_texts[i]]][:2]:
            wrong_copy(i, wrong, typo=False, avoid=set())
        conflicts.append({"base": i, "majority": None, "match": "exact"})

    # --- label-name variants, missing labels, empty texts -------------------
    for variant, canonical, t in LABEL_VARIANT_ROWS:
        records.append({"text": t, "label": variant, "kind": "label_variant", "src": None, "note": canonical})
    for t, label in MISSING_LABEL_ROWS:
        records.append({"text": t, "label": label, "kind": "missing_label", "src": None, "note": ""})
    for t, label in EMPTY_TEXT_ROWS:
        records.append({"text": t, "label": label, "kind": "empty_text", "src": None, "note": ""})

    # --- shuffle and record positions --------------------------------------
    rng.shuffle(records)

    # --- mislabeled rows and speakers: own generators, so every row above keeps its place --
    mis_rng = random.Random(SEED + 1)
    copied = {r["src"] for r in records if r["kind"] != "base"}
    untouched_pos = [pos for pos, r in enumerate(records) if r["kind"] == "base" and r["src"] not in copied]
    for pos in sorted(mis_rng.sample(untouched_pos, N_MISLABELED)):
        r = records[pos]
        # Clearly wrong: not the intent itself nor one it is easily confused with.
        wrong = mis_rng.choice([l for l in LABELS if l != r["label"] and l not in CONFUSABLE[r["label"]][:2]])
        records[pos] = {**r, "label": wrong, "kind": "mislabeled", "note": r["label"]}
    speaker_rng = random.Random(SEED + 2)
    for r in records:
        repeat = r["kind"] in ("exact_copy", "near_copy") and speaker_rng.random() < REPEATER_SHARE_OF_COPIES
        r["speaker"] = REPEATER if repeat else speaker_rng.choice(SPEAKERS)
    base_pos = {r["src"]: pos for pos, r in enumerate(records) if r["kind"] == "base"}
    rows = [(r["text"], r["label"], r["speaker"]) for r in records]

    def positions(kind: str) -> list[int]:
        return [pos for pos, r in enumerate(records) if r["kind"] == kind]

    exact_pairs = sorted([base_pos[records[p]["src"]], p] for p in positions("exact_copy"))
    near_pairs = sorted([base_pos[records[p]["src"]], p] for p in positions("near_copy"))
    near_details = [
        {"rows": [base_pos[records[p]["src"]], p], "original": base_texts[records[p]["src"]],
         "copy": records[p]["text"], "edit": records[p]["note"],
         "devanagari": is_devanagari(records[p]["text"])}
        for p in positions("near_copy")]
    near_details.sort(key=lambda d: d["rows"])

    conflict_details = []
    for c in conflicts:
        i = c["base"]
        group = sorted(pos for pos, r in enumerate(records)
                       if r["src"] == i and r["kind"] in ("base", "exact_copy", "near_copy", "conflict_copy"))
        wrong_rows = [pos for pos in group if records[pos]["kind"] == "conflict_copy"]
        labels = [records[pos]["label"] for pos in group]
        counts = {lab: labels.count(lab) for lab in dict.fromkeys(labels)}
        conflict_details.append({
            "rows": group,
            "text": base_texts[i],
            "labels": {str(pos): records[pos]["label"] for pos in group},
            "label_counts": counts,
            "majority_label": c["majority"],
            "correct_label": label_of[base_texts[i]],
            "wrong_rows": wrong_rows,
            "match": c["match"],
        })
    conflict_details.sort(key=lambda d: d["rows"])

    variants: dict[str, list[str]] = {}
    variant_rows: dict[str, list[int]] = {}
    for variant, canonical, _ in LABEL_VARIANT_ROWS:
        if variant not in variants.setdefault(canonical, []):
            variants[canonical].append(variant)
    for pos in positions("label_variant"):
        variant_rows.setdefault(records[pos]["label"], []).append(pos)

    no_majority = sum(1 for c in conflicts if c["majority"] is None)
    n_base = len(bases)
    n_variant = len(LABEL_VARIANT_ROWS)
    truth = {
        "dataset": "voice_agent_intents.csv",
        "generator": "make_sample_data.py (random.Random(7))",
        "row_numbering": "0-based position among data rows; the header is not counted",
        "normalization": "NFKC, casefold, zero-width characters dropped, punctuation and modifier symbols "
                         "(Unicode P* and Sk) folded to a space, whitespace collapsed and stripped",
        "rows": len(rows),
        "counts": {
            "base_utterances": n_base,
            "exact_duplicate_copies": len(exact_pairs),
            "near_duplicate_copies": len(near_pairs),
            "near_duplicate_copies_devanagari": sum(d["devanagari"] for d in near_details),
            "label_conflict_groups": len(conflict_details),
            "label_conflict_groups_with_majority": len(conflicts) - no_majority,
            "label_conflict_groups_without_majority": no_majority,
            "label_conflict_wrong_rows": len(positions("conflict_copy")),
            "label_variant_rows": n_variant,
            "label_variant_names": sum(len(v) for v in variants.values()),
            "missing_label_rows": len(MISSING_LABEL_ROWS),
            "empty_text_rows": len(EMPTY_TEXT_ROWS),
            "mislabeled_rows": N_MISLABELED,
        },
        "exact_duplicates": exact_pairs,
        "near_duplicates": near_pairs,
        "label_conflicts": [d["rows"] for d in conflict_details],
        "label_variants": variants,
        "label_variant_rows": variant_rows,
        "missing_label_rows": positions("missing_label"),
        "empty_text_rows": positions("empty_text"),
        "mislabeled_rows": {str(pos): {"given": records[pos]["label"], "correct": records[pos]["note"]}
                            for pos in positions("mislabeled")},
        "speakers": {"column": "speaker", "repeater": REPEATER,
                     "rows_by_repeater": sum(r["speaker"] == REPEATER for r in records),
                     "copies_by_repeater": sum(r["speaker"] == REPEATER for r in records
                                               if r["kind"] in ("exact_copy", "near_copy"))},
        "expected_clean_if_mislabeled_also_dropped": n_base + n_variant - no_majority - N_MISLABELED,
        "expected_clean_upper_bound": n_base + n_variant,
        "expected_clean_if_unresolved_conflicts_dropped": n_base + n_variant - no_majority,
        "expected_clean_breakdown": {
            "distinct_base_utterances": n_base,
            "label_variant_rows_(distinct_texts,_label_fixable)": n_variant,
            "not_counted": "exact/near copies, wrong-label copies, rows with missing labels, rows with empty text",
            "unresolved_conflicts": f"{no_majority} conflict groups have no majority label; a scanner "
                                    "that drops them instead of keeping one row reports the lower figure",
        },
        "notes": [
            "exact_duplicates and near_duplicates list [original_row, copy_row] pairs that share the same label.",
            "Exact repeats may differ in case, spacing or punctuation; they are equal after normalization.",
            "Wrong-label copies are listed only under label_conflicts, not under exact/near duplicates.",
            "A label_conflicts group holds every row derived from one base utterance: the original, its same-label "
            "exact repeats and the wrong-label copies. Groups with match 'near' have a typo'd wrong-label copy, "
            "so they surface only when near-duplicates are grouped.",
            "Groups built on the bases with two exact repeats have a clear majority (3 rows vs 1).",
            "mislabeled_rows are base utterances with no copies that were given a clearly wrong label "
            "(never the intent itself nor its two most confusable intents); 'correct' is the right one.",
            "speaker: asha_07 recorded most exact and typo'd repeats (80%); other rows are spread evenly "
            "over asha_01..asha_08.",
            "One missing label is a single space rather than an empty field; one empty text is whitespace only.",
        ],
        "near_duplicate_details": near_details,
        "label_conflict_details": conflict_details,
        "row_kinds": [r["kind"] for r in records],
    }
    return rows, truth


def verify_voice(rows: list[tuple[str, str]], truth: dict) -> None:
    """Re-check the truth file against the rows it describes."""
    for a, b in truth["exact_duplicates"]:
        if normalize(rows[a][0]) != normalize(rows[b][0]) or rows[a][1] != rows[b][1]:
            fail(f"exact duplicate pair {a},{b} is not an exact duplicate")
    for a, b in truth["near_duplicates"]:
        if normalize(rows[a][0]) == normalize(rows[b][0]) or rows[a][1] != rows[b][1]:
            fail(f"near duplicate pair {a},{b} is wrong")
        if similarity(rows[a][0], rows[b][0]) < TYPO_MIN_SIMILARITY:
            fail(f"near duplicate pair {a},{b} is not similar enough")
    for group in truth["label_conflicts"]:
        if len({rows[p][1] for p in group}) < 2:
            fail(f"conflict group {group} has a single label")
    for p in truth["missing_label_rows"]:
        if rows[p][1].strip():
            fail(f"row {p} has a label")
    for p in truth["empty_text_rows"]:
        if rows[p][0].strip():
            fail(f"row {p} has text")
    # Every distinct normalized text group is explained by the truth file.
    groups: dict[str, list[int]] = {}
    for pos, (t, *_) in enumerate(rows):
        if t.strip():
            groups.setdefault(normalize(t), []).append(pos)
    explained = {tuple(sorted(p)) for p in truth["exact_duplicates"]}
    for d in truth["label_conflict_details"]:
        explained.add(tuple(sorted(d["rows"])))
    for members in groups.values():
        if len(members) > 1:
            in_pairs = all(any(m in pair for pair in explained) for m in members)
            if not in_pairs:
                fail(f"unexplained duplicate rows {members}")
    distinct_labels = {row[1] for row in rows if row[1].strip()}
    expected = set(LABELS) | {v for vs in truth["label_variants"].values() for v in vs}
    if distinct_labels != expected:
        fail(f"unexpected label set: {sorted(distinct_labels ^ expected)}")


# Production asks for something no training file holds: where the nearest hospital is.
PRODUCTION_NEW = [
    "where is the nearest hospital",
    "sabse paas wala hospital kahan hai",
    "nearest government hospital ka address batao",
    "mere ghar ke paas koi clinic hai kya",
    "which clinic near me is open right now",
    "paas mein koi primary health centre hai?",
    "सबसे नज़दीकी अस्पताल कहाँ है",
    "hospital tak kaise pahunchu, rasta batao",
    "is there a 24 hour hospital close by",
    "nearby clinic ka phone number chahiye",
    "PHC kitni door hai yahan se",
    "find a hospital near my village",
    "नज़दीकी क्लिनिक का पता बताइए",
    "closest health centre kahan milega",
]
PRODUCTION_PER_LABEL = 5


def build_production() -> list[tuple[str]]:
    """Unlabeled production texts: PRODUCTION_PER_LABEL clean-set requests per intent (another
    person's wording of what the training file asks) and the new kind, shuffled."""
    rng = random.Random(SEED + 1)  # its own stream: the other files stay byte-identical
    texts = [t for label in LABELS for t in rng.sample(CLEAN[label], PRODUCTION_PER_LABEL)] + PRODUCTION_NEW
    rng.shuffle(texts)
    return [(t,) for t in texts]


def build_clean(rng: random.Random) -> list[tuple[str, str]]:
    rows = [(t, label) for label in LABELS for t in CLEAN[label]]
    rng.shuffle(rows)
    return rows


def write_csv(path: Path, rows: list[tuple[str, ...]]) -> None:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["text", "label", "speaker"][:len(rows[0])])
    writer.writerows(rows)
    path.write_bytes(buf.getvalue().encode("utf-8"))


def main() -> None:
    # Authoring checks: every hand-written text is tidy and genuinely distinct.
    voice_texts = [t for label in LABELS for t in VOICE_BASE[label]]
    clean_texts = [t for label in LABELS for t in CLEAN[label]]
    extra_texts = [t for _, _, t in LABEL_VARIANT_ROWS] + [t for t, _ in MISSING_LABEL_ROWS]
    if set(VOICE_BASE) != set(LABELS) or set(CLEAN) != set(LABELS):
        fail("VOICE_BASE / CLEAN must cover exactly LABELS")
    check_authored(voice_texts + clean_texts + extra_texts, "authored texts")
    worst_voice = check_distinct(voice_texts + extra_texts, "voice_agent_intents base utterances")
    worst_clean = check_distinct(clean_texts, "clean_intents")
    worst_all = check_distinct(voice_texts + extra_texts + clean_texts, "all authored texts")
    for canonical in {c for _, c, _ in LABEL_VARIANT_ROWS}:
        if canonical not in LABELS:
            fail(f"variant of unknown label {canonical!r}")
    for variant, canonical, _ in LABEL_VARIANT_ROWS:
        if variant in LABELS:
            fail(f"variant {variant!r} is itself a real label")

    rng = random.Random(SEED)
    voice_rows, truth = build_voice(rng)
    verify_voice(voice_rows, truth)
    clean_rows = build_clean(rng)

    write_csv(HERE / "voice_agent_intents.csv", voice_rows)
    (HERE / "voice_agent_intents.truth.json").write_bytes(
        (json.dumps(truth, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    write_csv(HERE / "clean_intents.csv", clean_rows)
    production_rows = build_production()
    check_authored(PRODUCTION_NEW, "production texts")
    write_csv(HERE / "voice_agent_production.csv", production_rows)

    # Read back what was written and check it round-trips.
    for name, rows in (("voice_agent_intents.csv", voice_rows), ("clean_intents.csv", clean_rows),
                       ("voice_agent_production.csv", production_rows)):
        with open(HERE / name, encoding="utf-8", newline="") as f:
            back = [tuple(r) for r in csv.reader(f)]
        if back[0] != ("text", "label", "speaker")[:len(rows[0])] or back[1:] != rows:
            fail(f"{name} does not read back as written")

    c = truth["counts"]
    print(f"voice_agent_intents.csv: {truth['rows']} rows, {len(LABELS)} intents")
    for key, value in c.items():
        print(f"  {key}: {value}")
    print(f"  expected_clean_upper_bound: {truth['expected_clean_upper_bound']}")
    print(f"clean_intents.csv: {len(clean_rows)} rows, {len(LABELS)} intents")
    print(f"voice_agent_production.csv: {len(production_rows)} texts, {len(PRODUCTION_NEW)} of a new kind")
    print(f"closest pair similarity: voice base {worst_voice:.2f}, clean {worst_clean:.2f}, "
          f"across all authored texts {worst_all:.2f} (limit {SIMILARITY_LIMIT})")


if __name__ == "__main__":
    main()
