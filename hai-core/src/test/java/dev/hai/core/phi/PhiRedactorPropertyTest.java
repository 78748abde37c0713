package dev.hai.core.phi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Generated notes with planted identifiers: with the mask operator, none survives redaction; keyed
 * pseudonyms are a function of value and key.
 */
class PhiRedactorPropertyTest {
  static final List<String> DICTIONARY = List.of(
      "Okonkwo", "Szymanska", "Featherstone", "Abernathy", "Quackenbush", "Oyelaran", "Lindqvist",
      "Ottoline", "Thaddeus", "Perpetua", "Ximena", "Dashiell", "Anselm", "Keziah", "Bogdan");
  static final PhiRedactor MASK = PhiRedactor.builder().names(DICTIONARY).build();

  static final List<String> FILLER = List.of(
      "BP 120/80, HR 88.", "Metformin 500 mg PO BID.", "History of Parkinson's disease.",
      "ICD-10 E11.9.", "Na 138, K 4.1, Cr 1.02.", "Pain 6/10 after 4 mg morphine.",
      "Will follow up after the Dr. visit.", "Fever rose to 39.1 C.", "There is hope of recovery.",
      "A 67-year-old with CKD stage 3.", "Take 1/2 tab at bedtime.", "LVEF 55%.", "");

  /** A planted identifier: the text written into the note, and the part that must not survive. */
  record Plant(String text, String secret) {}

  /* --- mask never leaves a planted identifier --- */

  @Property(tries = 500)
  void mask_plantedIdentifiers_neverSurvive(@ForAll("notes") List<Object> parts) {
    StringBuilder note = new StringBuilder();
    List<String> secrets = new ArrayList<>();
    for (Object p : parts) {
      if (p instanceof Plant plant) {
        note.append(plant.text());
        secrets.add(plant.secret());
      } else {
        note.append(p);
      }
      note.append(' ');
    }

    String redacted = MASK.redact(note.toString()).text();

    for (String secret : secrets) {
      assertThat(Pattern.compile("(?<![A-Za-z0-9])" + Pattern.quote(secret) + "(?![A-Za-z0-9])").matcher(redacted).find())
          .as("%s left in %s", secret, redacted).isFalse();
    }
  }

  @Provide
  Arbitrary<List<Object>> notes() {
    Arbitrary<Object> part = Arbitraries.oneOf(
        Arbitraries.of(FILLER).map(o -> (Object) o),
        names(), dates(), phones(), emails(), ssns(), mrns());
    return part.list().ofMinSize(1).ofMaxSize(12);
  }

  Arbitrary<Object> names() {
    Arbitrary<String> name = Arbitraries.of(DICTIONARY);
    Arbitrary<String> cue = Arbitraries.of("", "Pt ", "Dr. ", "Mrs. ", "Signed: ", "her daughter ", "Patient: ");
    return Combinators.combine(cue, name, Arbitraries.of(true, false))
        .as((c, n, lower) -> new Plant(c + (lower ? n.toLowerCase() : n), lower ? n.toLowerCase() : n));
  }

  Arbitrary<Object> dates() {
    Arbitrary<Integer> y = Arbitraries.integers().between(1920, 2030);
    Arbitrary<Integer> m = Arbitraries.integers().between(1, 12);
    Arbitrary<Integer> d = Arbitraries.integers().between(1, 28);
    String[] months = {"January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December"};
    return Combinators.combine(y, m, d, Arbitraries.integers().between(0, 5)).as((yy, mm, dd, f) -> {
      String s = switch (f) {
        case 0 -> String.format("%02d/%02d/%d", mm, dd, yy);
        case 1 -> String.format("%d-%02d-%02d", yy, mm, dd);
        case 2 -> months[mm - 1] + " " + dd + ", " + yy;
        case 3 -> dd + " " + months[mm - 1] + " " + yy;
        case 4 -> String.format("%d/%d/%02d", mm, dd, yy % 100);
        default -> String.format("%02d.%02d.%d", dd, mm, yy);
      };
      return new Plant("DOB " + s, s);
    });
  }

  Arbitrary<Object> phones() {
    Arbitrary<Integer> a = Arbitraries.integers().between(201, 989);
    Arbitrary<Integer> b = Arbitraries.integers().between(200, 999);
    Arbitrary<Integer> c = Arbitraries.integers().between(0, 9999);
    return Combinators.combine(a, b, c, Arbitraries.integers().between(0, 3)).as((x, y, z, f) -> {
      String s = switch (f) {
        case 0 -> String.format("(%d) %d-%04d", x, y, z);
        case 1 -> String.format("%d-%d-%04d", x, y, z);
        case 2 -> String.format("%d.%d.%04d", x, y, z);
        default -> String.format("+1 %d %d %04d", x, y, z);
      };
      return new Plant("Tel: " + s, s);
    });
  }

  Arbitrary<Object> emails() {
    Arbitrary<String> local = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('.', '_')
        .ofMinLength(1).ofMaxLength(20).filter(s -> Character.isLetterOrDigit(s.charAt(0)));
    Arbitrary<String> domain = Arbitraries.of("mercy.org", "gmail.com", "st-lukes.health", "uni.edu");
    return Combinators.combine(local, domain).as((l, d) -> {
      String s = l + "@" + d;
      return new Plant("email " + s, s);
    });
  }

  Arbitrary<Object> ssns() {
    return Arbitraries.integers().between(100_00_0000, 899_99_9999).map(n -> {
      String digits = Integer.toString(n);
      String s = digits.substring(0, 3) + "-" + digits.substring(3, 5) + "-" + digits.substring(5);
      return new Plant("SSN " + s, s);
    });
  }

  Arbitrary<Object> mrns() {
    Arbitrary<String> id = Arbitraries.strings().numeric().ofMinLength(6).ofMaxLength(10);
    Arbitrary<String> label = Arbitraries.of("MRN: ", "MRN ", "Medical record number ", "Chart #: ", "MRN#");
    return Combinators.combine(label, id).as((l, i) -> new Plant(l + i, i));
  }

  /* --- keyed hash --- */

  @Property(tries = 200)
  void keyedHash_sameValueAndKey_samePseudonym_otherKey_otherPseudonym(
      @ForAll("surnames") String surname, @ForAll @Size(min = 16, max = 64) byte[] keyA,
      @ForAll @Size(min = 16, max = 64) byte[] keyB) {
    net.jqwik.api.Assume.that(!java.util.Arrays.equals(keyA, keyB));
    PhiRedactor a = PhiRedactor.builder().operator(PhiRedactor.Operator.KEYED_HASH).hashKey(keyA).build();
    PhiRedactor aAgain = PhiRedactor.builder().operator(PhiRedactor.Operator.KEYED_HASH).hashKey(keyA).build();
    PhiRedactor b = PhiRedactor.builder().operator(PhiRedactor.Operator.KEYED_HASH).hashKey(keyB).build();
    String text = "Dr. " + surname + " saw Mr. " + surname + " today.";

    String first = a.redact(text).text();
    String second = aAgain.redact(text).text();
    String other = b.redact(text).text();

    assertThat(first).isEqualTo(second).doesNotContain(surname);
    String[] pseudonyms = first.split("\\[NAME:|]");
    assertThat(pseudonyms[1]).as("both mentions share a pseudonym").isEqualTo(pseudonyms[3]);
    assertThat(other).isNotEqualTo(first);
  }

  @Provide
  Arbitrary<String> surnames() {
    // Words that are not names even after a title ("Dr. Visit", "Dr. And") are not surnames.
    return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(3).ofMaxLength(12)
        .filter(s -> !dev.hai.core.internal.phi.PhiScanner.TITLE_STOP.contains(s))
        .map(s -> Character.toUpperCase(s.charAt(0)) + s.substring(1));
  }
}
