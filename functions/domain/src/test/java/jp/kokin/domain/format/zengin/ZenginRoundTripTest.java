package jp.kokin.domain.format.zengin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.MonthDay;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded random files: what the writer writes, the reader reads back exactly, and nothing else breaks it. */
class ZenginRoundTripTest {

    private static final long SEED = 0x5A454E47494EL; // "ZENGIN"
    private static final String NAME_CHARACTERS =
            "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝﾞﾟABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ()-./";

    @Test
    void everyValidFileReadsBackEqualAndRewritesToTheSameBytes() {
        Random random = new Random(SEED);
        for (int i = 0; i < 1_000; i++) {
            TransferFile file = randomFile(random);
            boolean crlf = random.nextBoolean();
            byte[] bytes = ZenginWriter.write(file, crlf);
            assertEquals((file.count() + 3) * (crlf ? 122 : 120), bytes.length);
            TransferFile read = ZenginReader.read(bytes);
            assertEquals(file, read, "iteration " + i);
            assertArrayEquals(bytes, ZenginWriter.write(read, crlf), "iteration " + i);
        }
    }

    @Test
    void aChangedByteIsEitherStillValidOrReportedWithinTheFile() {
        Random random = new Random(SEED + 1);
        int rejected = 0;
        for (int i = 0; i < 3_000; i++) {
            boolean crlf = random.nextBoolean();
            byte[] bytes = ZenginWriter.write(randomFile(random), crlf);
            int at = random.nextInt(bytes.length);
            bytes[at] = (byte) random.nextInt(256);
            try {
                ZenginWriter.write(ZenginReader.read(bytes), crlf);
            } catch (ZenginFormatException e) {
                rejected++;
                int stride = crlf ? 122 : 120;
                assertTrue(e.record() >= 1 && e.record() <= bytes.length / stride + 1, e.getMessage());
                assertTrue(e.position() >= 1 && e.position() <= 121, e.getMessage());
                assertTrue(e.record() > at / stride || e.position() <= at % stride + 1,
                        "reported " + e.getMessage() + " before the changed byte " + (at % stride + 1)
                                + " of record " + (at / stride + 1));
            } catch (RuntimeException e) {
                fail("byte " + at + " changed: " + e, e);
            }
        }
        assertTrue(rejected > 1_000, "most changes should be caught, were " + rejected);
    }

    static TransferFile randomFile(Random random) {
        Header header = new Header(digits(random, 10), name(random, 1, 40), randomDay(random), digits(random, 4),
                name(random, 0, 15), digits(random, 3), name(random, 0, 15), accountType(random), digits(random, 7));
        int count = 1 + random.nextInt(random.nextInt(10) == 0 ? 200 : 5);
        List<Transfer> transfers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long amount = random.nextBoolean() ? 1 + random.nextInt(100_000) : 1 + random.nextLong(9_999_999_999L);
            transfers.add(new Transfer(digits(random, 4), name(random, 0, 15), digits(random, 3), name(random, 0, 15),
                    accountType(random), digits(random, 7), name(random, 1, 30), amount,
                    random.nextBoolean() ? "" : digits(random, 10), random.nextBoolean() ? "" : digits(random, 10),
                    random.nextBoolean() ? Transfer.TELEGRAPHIC : Transfer.DOCUMENTARY));
        }
        return new TransferFile(header, transfers);
    }

    private static String digits(Random random, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append((char) ('0' + random.nextInt(10)));
        }
        return s.toString();
    }

    /** A canonical name: allowed characters, no blank at either end, {@code min} to {@code max} long. */
    private static String name(Random random, int min, int max) {
        while (true) {
            int length = min + random.nextInt(max - min + 1);
            StringBuilder s = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                s.append(NAME_CHARACTERS.charAt(random.nextInt(NAME_CHARACTERS.length())));
            }
            String name = s.toString().strip();
            if (name.length() >= min) {
                return name;
            }
        }
    }

    private static MonthDay randomDay(Random random) {
        int month = 1 + random.nextInt(12);
        return MonthDay.of(month, 1 + random.nextInt(java.time.Month.of(month).maxLength()));
    }

    private static int accountType(Random random) {
        return new int[] {1, 2, 4, 9}[random.nextInt(4)];
    }
}
