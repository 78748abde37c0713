package dev.hai.core.internal.phi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The word lists behind name detection, all lower case. The name lists are a hand-picked sample of
 * common US first names and surnames, with some frequent Hispanic, Asian, African and European ones;
 * they are a prior, not a register of patients, and {@code PhiRedactor.Builder.names} adds local
 * ones.
 */
final class Lexicon {
  private Lexicon() {}

  /**
   * Surnames and first names of the US census (the 20,000 most frequent surnames and every listed
   * first name), less every word of an English dictionary and words under three letters; a
   * capitalised word in it is taken as a name. Loaded from {@code census-names.txt}, one name a
   * line; see docs/phi-redaction.md for how the list was made.
   */
  static final Set<String> CENSUS_NAMES = resource("census-names.txt");

  /** Names taken as names wherever they appear, in any case. */
  static final Set<String> NAMES = words("""
      james john robert michael david william richard joseph thomas charles christopher daniel
      matthew anthony donald steven paul andrew joshua kenneth kevin brian george timothy ronald
      edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott
      brandon benjamin samuel gregory alexander patrick raymond dennis jerry tyler aaron jose
      adam nathan henry zachary douglas peter kyle noah ethan jeremy walter christian keith roger
      terry austin sean gerald carl harold dylan arthur lawrence jordan jesse bryan joe billy
      bruce gabriel logan alan juan albert willie elijah wayne randy vincent mason roy ralph bobby
      russell bradley philip eugene louis harry howard fred ernest kurt
      mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty
      sandra margaret ashley kimberly emily donna michelle carol amanda melissa deborah stephanie
      dorothy rebecca sharon laura cynthia amy kathleen angela shirley brenda emma anna pamela
      nicole samantha katherine christine helen debra rachel carolyn janet maria catherine heather
      diane olivia julie victoria kelly christina lauren joan evelyn judith megan andrea cheryl
      hannah jacqueline martha gloria teresa ann sara madison frances kathryn janice jean abigail
      alice judy sophia denise doris marilyn danielle beverly isabella theresa diana natalie
      brittany charlotte marie kayla alexis lori tiffany ella priya aisha fatima mohammed ahmed
      wei mei yuki hiroshi carlos luis miguel jorge pedro rosa lucia ana elena sofia
      smith johnson williams jones garcia miller davis rodriguez martinez hernandez lopez gonzalez
      wilson anderson taylor thomas moore jackson martin lee perez thompson harris sanchez clark
      ramirez lewis robinson allen nguyen torres flores rivera campbell mitchell carter roberts
      gomez phillips evans turner diaz parker cruz edwards collins reyes stewart morris morales
      murphy rogers gutierrez ortiz morgan cooper peterson kim ramos howard cox richardson
      watson brooks chavez wood bennett sanders patel myers ross foster jimenez powell jenkins
      perry russell sullivan barnes fisher henderson coleman simmons patterson jordan reynolds
      hamilton graham wallace gonzales griffin hayes ruiz kennedy washington butler alexander
      bryant cole west jordan owens mcdonald harrison gibson ellis wagner schmidt schneider
      fischer weber becker hoffman kowalski nowak novak chen wang zhang liu yang huang zhao wu
      zhou xu sun ma zhu hu guo lin singh kumar sharma gupta khan ali hassan ibrahim okafor
      obi tanaka suzuki sato yamamoto nakamura kobayashi oconnor obrien kelly ryan walsh byrne
      """);

  /**
   * Names that are also common words or months ("Rose", "Hope", "Bill", "May", "Brown"): names only
   * next to a cue or another name.
   */
  static final Set<String> AMBIGUOUS_NAMES = words("""
      rose hope bill will mark may june april august grace faith joy art pat sue jack frank dawn
      summer amber ruby iris lily daisy holly ivy gene dean guy earl rich hunter chase grant
      brown white green young king hall wright hill walker baker long black gray grey price bell
      cook hunt lane page rice stone west love fox wolf little young carpenter mason miles
      may best bush banks street church moody sharp strong short golden sweet early nurse
      """);

  /**
   * Disease and sign eponyms: not names unless a title precedes them ("Dr. Murphy").
   */
  static final Set<String> EPONYMS = words("""
      parkinson parkinsons alzheimer alzheimers crohn crohns hodgkin hodgkins graves addison
      addisons cushing cushings bell bells hashimoto hashimotos raynaud raynauds tourette
      huntington huntingtons guillain barre kawasaki sjogren kaposi babinski apgar glasgow foley
      swan ganz whipple nissen heimlich epley valsalva trendelenburg gram wells murphy mcburney
      homans romberg kernig brudzinski down lyme reiter wernicke korsakoff bartholin cowper
      """);

  /**
   * Capitalised words that are never names after a cue: sentence starters, section headings,
   * clinical words, places of care, days and months.
   */
  static final Set<String> STOP = words("""
      the a an and or but if of in on at to for with from by as is was are were be been has had
      have he she they we i it his her their our my your this that these those there here who
      which what when where how not no yes none nil all any each other another same such only
      patient pt pts patients name names doctor dr mr mrs ms miss prof nurse rn md do np pa
      history chief complaint assessment plan diagnosis diagnoses impression findings report
      reports reported denies denied presents presented presenting admitted admission discharge
      discharged seen today tomorrow yesterday tonight morning evening night hospital clinic
      center centre medical medicine emergency department unit ward icu er ed or room floor
      service team care health general memorial university regional community county state saint
      st mount cardiology neurology oncology surgery radiology pathology pediatrics psychiatry
      orthopedics urology nephrology pulmonology gastroenterology dermatology obstetrics
      gynecology endocrinology rheumatology hematology internal family primary urgent
      allergies allergy medications medication meds vitals vital signs labs lab results result
      exam examination physical review systems social past surgical hpi ros pmh psh fh sh cc
      follow up followup return instructions disposition condition stable improved good fair
      poor well better worse alert oriented awake new old left right bilateral normal abnormal
      negative positive acute chronic mild moderate severe significant noted note notes per
      signed electronically dictated transcribed attending resident fellow intern physician
      provider referring referral consult consultation pcp cc dear sincerely regards thanks
      thank kind best warm date time dob age sex male female man woman boy girl son daughter
      mother father wife husband spouse sister brother partner caregiver guardian friend
      neighbor kin contact phone tel fax email address mrn ssn account acct id number no
      monday tuesday wednesday thursday friday saturday sunday january february march july
      september october november december jan feb mar apr jun jul aug sep sept oct nov dec
      blood pressure heart rate temperature pulse oxygen weight height bmi ecg ekg mri ct
      xray x-ray ultrasound echo cbc bmp cmp inr ptt hba1c tsh bnp troponin glucose sodium
      potassium creatinine hemoglobin platelets wbc bp hr rr spo2 temp
      type insulin metformin lisinopril atorvastatin amlodipine metoprolol aspirin warfarin
      heparin apixaban furosemide omeprazole levothyroxine gabapentin prednisone amoxicillin
      ceftriaxone vancomycin morphine oxycodone acetaminophen ibuprofen albuterol sertraline
      tablet tablets tab tabs capsule mg mcg ml units daily bid tid qid prn po iv im sc
      chest abdomen head neck back heart lung lungs liver kidney brain pain fever cough
      shortness breath nausea vomiting diarrhea headache fatigue dizziness syncope
      disease syndrome disorder infection failure cancer tumor fracture injury
      ambulance transfer transferred home visit visits office appointment
      street avenue road boulevard lane drive court way place suite apt
      continue continued start started stop stopped increase decrease hold monitor check
      please call contacted spoke discussed informed called advised agreed understands
      also again then after before during while since until because however although
      he's she's hes shes please pending see above below
      education instructions information portal summary safety satisfaction experience handout
      teaching status profile demographics identification transport advocate navigator
      representative services relations access financial counseling counselling support
      protocol guidelines guideline policy consent order orders set version appendix table
      """);

  /** Two-letter US state and territory codes (upper case in text), for "Boston, MA 02115". */
  static final Set<String> STATES = words("""
      al ak az ar ca co ct de dc fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh
      nj nm ny nc nd oh ok or pa ri sc sd tn tx ut vt va wa wv wi wy pr gu vi
      """);

  private static Set<String> resource(String name) {
    try (InputStream in = Lexicon.class.getResourceAsStream("/dev/hai/core/phi/" + name)) {
      if (in == null) {
        throw new IllegalStateException("dev/hai/core/phi/" + name + " is missing from hai-core's jar");
      }
      Set<String> out = new HashSet<>();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isBlank()) {
          out.add(line.strip());
        }
      }
      return Set.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dev/hai/core/phi/" + name, e);
    }
  }

  private static Set<String> words(String text) {
    return Arrays.stream(text.trim().split("\\s+")).collect(Collectors.toUnmodifiableSet());
  }
}
