package dev.hai.core.phi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PhiRedactorTest {
  static final byte[] KEY = "tenant-a-secret-key-32-bytes-ok!".getBytes(StandardCharsets.US_ASCII);

  /* --- redact --- */

  @Test
  void redact_headerLine_masksEachIdentifierWithItsTag() {
    String note = "Pt John Smith, DOB 03/14/1931, MRN: 00482913, tel (617) 555-0134, jsmith@mercy.org";

    Redaction r = PhiRedactor.defaults().redact(note);

    assertThat(r.text()).isEqualTo("Pt [NAME], DOB [DATE], MRN: [MRN], tel [PHONE], [EMAIL]");
    assertThat(r.counts()).containsEntry(PhiType.NAME, 1).containsEntry(PhiType.DATE, 1)
        .containsEntry(PhiType.MRN, 1).containsEntry(PhiType.PHONE, 1).containsEntry(PhiType.EMAIL, 1);
  }

  @Test
  void redact_clinicalTextWithoutIdentifiers_isUnchanged() {
    String text = "BP 120/80, HR 88. Metformin 500 mg PO BID. ICD-10 E11.9, I10. History of Parkinson's "
        + "disease. Pain 6/10. Will follow up after the Dr. visit. Fever rose to 39.1 C; there is hope. "
        + "The bill was sent. May continue 1/2 tab. A 67-year-old. Na 138, K 4.1, WBC 11.2. Glasgow 15. "
        + "Order set version 2.4.1.7. Foley removed. Bell's palsy.";

    Redaction r = PhiRedactor.defaults().redact(text);

    assertThat(r.findings()).isEmpty();
    assertThat(r.text()).isSameAs(text);
  }

  @Test
  void redact_wordNamesNextToNames_areNames() {
    Redaction r = PhiRedactor.defaults().redact("Rose Miller was seen with Dr. Hope and her son Bill.");

    assertThat(r.text()).isEqualTo("[NAME] was seen with Dr. [NAME] and her son [NAME].");
  }

  @Test
  void redact_censusName_capitalised_isFound_butNotEponymsCitiesOrLowerCase() {
    PhiRedactor r = PhiRedactor.defaults();
    assertThat(r.redact("Lavinia tolerated the procedure. Thaddeus Kowalski's pain is controlled.").text())
        .isEqualTo("[NAME] tolerated the procedure. [NAME] pain is controlled.");
    assertThat(r.redact("Holter monitor for 48 hours. Foley removed. Apgar 9. Seen in Baltimore, MD.").counts())
        .isEmpty();
    assertThat(r.redact("LAVINIA and lavinia stay: all capitals and lower case need a cue.").counts()).isEmpty();
  }

  @Test
  void redact_handwrittenShapes_areFound() {
    PhiRedactor r = PhiRedactor.defaults();

    assertThat(r.redact("Tomasz Wisniewski, 91M, BIBA. Son (Piotr) called.").text())
        .isEqualTo("[NAME], [AGE_OVER_89]M, BIBA. Son ([NAME]) called.");
    assertThat(r.redact("Pt is a 92F w/ CHF. Temp 99F. 93 y.o. female.").text())
        .isEqualTo("Pt is a [AGE_OVER_89]F w/ CHF. Temp 99F. [AGE_OVER_89] y.o. female.");
    assertThat(r.redact("Replied via portal. — Jess, RN\nWitness: A. Petrov, RN.").text())
        .isEqualTo("Replied via portal. — [NAME], RN\nWitness: [NAME], RN.");
    assertThat(r.redact("since last Tuesday the 4th, arthritis since spring 2019, appt on the 22nd.").text())
        .isEqualTo("since last [DATE], arthritis since [DATE], appt on [DATE].");
    assertThat(r.redact("Echo 8/12: EF 45%. INR check Monday 3/10. Seen 16/5. Pain 3/10, grade 2/6.").text())
        .isEqualTo("Echo [DATE]: EF 45%. INR check Monday [DATE]. Seen [DATE]. Pain 3/10, grade 2/6.");
    assertThat(r.redact("member XJH884120553, group 00112, group 2, plan B").text())
        .isEqualTo("member [ACCOUNT], group [ACCOUNT], group 2, plan B");
    assertThat(r.redact("Re: Delacroix, Amelie. Mme Delacroix. Mr O'Sullivan (Seamus). Spoke with april (wife).").text())
        .isEqualTo("Re: [NAME], Amelie. Mme [NAME]. Mr [NAME] ([NAME]). Spoke with [NAME] (wife).");
    assertThat(r.redact("Tel 020 7946 0321, mob 07700 900412, +44 7911 123456. 5 Orchard Mews, London N1 7GU. Typed 3.2.25.").text())
        .isEqualTo("Tel [PHONE], mob [PHONE], [PHONE]. [ADDRESS], London [ZIP]. Typed [DATE].");
    assertThat(r.redact("version 3.2.25, dose 0.5 mg, 0 12 3 counts, Saoirse Kelleher, FRCR").text())
        .isEqualTo("version 3.2.25, dose 0.5 mg, 0 12 3 counts, [NAME], FRCR");
    assertThat(r.redact("Pittsburgh, PA 15213.\nBaltimore, MD. Mom (see above). the 2nd dose on the 4th ICS.").counts())
        .containsOnlyKeys(PhiType.ZIP);
  }

  @Test
  void redact_signatureAndCredentials_areNames() {
    String text = "Electronically signed by Ngozi Okafor-Lee, MD on March 3, 2024\nSincerely,\nSiobhan Dunleavy";

    assertThat(PhiRedactor.defaults().redact(text).text())
        .isEqualTo("Electronically signed by [NAME], MD on [DATE]\nSincerely,\n[NAME]");
  }

  @Test
  void redact_addressCityZip_keepsState() {
    Redaction r = PhiRedactor.defaults().redact("Lives at 12 Old Mill Rd, Apt 4B, Springfield, IL 62704-1234.");

    assertThat(r.text()).isEqualTo("Lives at [ADDRESS], IL [ZIP].");
  }

  @Test
  void redact_labelledNumbers_takeTheirLabelsType() {
    String text = "Fax: 617-555-0199. Acct #: 88412093. DEA # AB1234563. VIN 1HGCM82633A004352. "
        + "License plate 7ABC123. S/N: PJN7718203. SSN 123-45-6789. Age 97. From 10.0.3.77 via "
        + "https://portal.example.org/p/48213.";

    Redaction r = PhiRedactor.defaults().redact(text);

    assertThat(r.text()).isEqualTo("Fax: [FAX]. Acct #: [ACCOUNT]. DEA # [LICENSE]. VIN [VEHICLE_ID]. "
        + "License plate [VEHICLE_ID]. S/N: [DEVICE_ID]. SSN [SSN]. Age [AGE_OVER_89]. From [IP_ADDRESS] via "
        + "[URL].");
  }

  @Test
  void redact_drop_removesIdentifiers() {
    PhiRedactor r = PhiRedactor.builder().operator(PhiRedactor.Operator.DROP).build();

    assertThat(r.redact("Call 617-555-0134 today").text()).isEqualTo("Call  today");
  }

  @Test
  void redact_keyedHash_isStablePerKeyAndValue() {
    PhiRedactor a = PhiRedactor.builder().operator(PhiRedactor.Operator.KEYED_HASH).hashKey(KEY).build();

    String one = a.redact("Mr. Okafor called.").text();
    String two = a.redact("Mr. OKAFOR called.").text();

    assertThat(one).matches("Mr\\. \\[NAME:[0-9a-f]{8}] called\\.").isEqualTo(two);
  }

  @Test
  void redact_keyedHash_phonesNormalisedToDigits() {
    PhiRedactor a = PhiRedactor.builder().operator(PhiRedactor.Operator.KEYED_HASH).hashKey(KEY).build();

    assertThat(a.redact("tel (617) 555-0134").text().substring(4))
        .isEqualTo(a.redact("tel 617.555.0134").text().substring(4));
  }

  @Test
  void redact_keepYear_leavesTheYear() {
    PhiRedactor r = PhiRedactor.builder().keepYear(true).build();

    assertThat(r.redact("Seen 03/14/2021, born March 4, 1931, ISO 2020-01-31.").text())
        .isEqualTo("Seen [DATE]/2021, born [DATE], 1931, ISO 2020-[DATE].");
  }

  @Test
  void redact_types_detectsOnlyThoseTypes() {
    PhiRedactor r = PhiRedactor.builder().types(EnumSet.of(PhiType.PHONE)).build();

    assertThat(r.redact("Mr. Smith, 617-555-0134, 03/14/2021").text()).isEqualTo("Mr. Smith, [PHONE], 03/14/2021");
  }

  @Test
  void redact_namesDictionary_findsNamesWithoutCues() {
    PhiRedactor r = PhiRedactor.builder().names(List.of("Ottoline Featherstonehaugh")).build();

    assertThat(r.redact("ottoline's pain is controlled").text()).isEqualTo("[NAME] pain is controlled");
    assertThat(PhiRedactor.defaults().redact("ottoline's pain is controlled").findings()).isEmpty();
  }

  @Test
  void redact_mrnPattern_findsUnlabelledMrns() {
    PhiRedactor r = PhiRedactor.builder().mrnPattern("\\bH(?<id>\\d{7})\\b").accountPattern("\\bACC\\d{6}\\b").build();

    assertThat(r.redact("Seen H1234567, ACC123456").text()).isEqualTo("Seen H[MRN], [ACCOUNT]");
  }

  @Test
  void redact_adversarialInputs_stayLinear() {
    List<String> inputs = List.of(
        "1".repeat(200_000), "1 ".repeat(100_000), "a.".repeat(100_000) + "@", "www.".repeat(50_000),
        "Dr. ".repeat(50_000), "12 Main ".repeat(25_000), "MRN ".repeat(50_000), "(617) ".repeat(30_000),
        "Smith, ".repeat(30_000), "x".repeat(200_000) + "@example.com", "1.".repeat(100_000));

    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      for (String input : inputs) {
        PhiRedactor.defaults().redact(input);
      }
    });
  }

  @Test
  void redact_concurrentCallers_getTheSameResult() throws Exception {
    PhiRedactor r = PhiRedactor.builder().operator(PhiRedactor.Operator.KEYED_HASH).hashKey(KEY).build();
    String note = "Pt John Smith, DOB 03/14/1931, MRN: 00482913, tel (617) 555-0134, jsmith@mercy.org";
    String expected = r.redact(note).text();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        results.add(pool.submit(() -> r.redact(note).text()));
      }
      for (Future<String> f : results) {
        assertThat(f.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /* --- findings --- */

  @Test
  void findings_pointIntoTheOriginalText_andNeverPrintTheValue() {
    String text = "Dear Dr. Abernathy,";

    List<Finding> found = PhiRedactor.defaults().detect(text);

    assertThat(found).containsExactly(new Finding(PhiType.NAME, 9, 18));
    assertThat(found.get(0).toString()).isEqualTo("NAME[9, 18)").doesNotContain("Abernathy");
  }

  /* --- builder --- */

  @Test
  void build_keyedHashWithoutKey_fails() {
    assertThatThrownBy(() -> PhiRedactor.builder().operator(PhiRedactor.Operator.KEYED_HASH).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("hashKey");
  }

  @Test
  void hashKey_short_fails() {
    assertThatThrownBy(() -> PhiRedactor.builder().hashKey(new byte[8]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16");
  }

  @Test
  void mrnPattern_invalid_failsNamingTheSetting() {
    assertThatThrownBy(() -> PhiRedactor.builder().mrnPattern("(")).hasMessageContaining("mrnPattern");
  }

  @Test
  void types_empty_fails() {
    assertThatThrownBy(() -> PhiRedactor.builder().types(Set.of())).hasMessageContaining("types");
  }

  /* --- PhiSafe --- */

  @Test
  void phiSafe_describe_holdsNoContent() {
    assertThat(PhiSafe.describe("Pt John Smith, DOB 03/14/1931").toString())
        .isEqualTo("29 chars, PHI NAME=1 DATE=1");
    assertThat(PhiSafe.describe("BP 120/80").toString()).isEqualTo("9 chars, no PHI found");
    assertThat(PhiSafe.redacted("Pt John Smith").toString()).isEqualTo("Pt [NAME]");
    assertThat(PhiSafe.redacted(null).toString()).isEqualTo("null");
  }
}
