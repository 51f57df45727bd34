package io.docvault.generation.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import io.docvault.generation.engine.GeneratedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadsFolderTest {

    @TempDir
    Path folder;

    @Test
    @DisplayName("a clashing name gets \" (N)\" for the whole set of files")
    void suffixesClashes() throws IOException {
        UploadsFolder uploads = new UploadsFolder(folder);
        uploads.write("Offer", files("first"));
        uploads.write("Offer", files("second"));

        assertThat(Files.readString(folder.resolve("Offer.pdf"))).isEqualTo("first.pdf");
        assertThat(Files.readString(folder.resolve("Offer (1).pdf"))).isEqualTo("second.pdf");
        assertThat(Files.readString(folder.resolve("Offer (1).docx"))).isEqualTo("second.docx");
        assertThat(Files.readString(folder.resolve("Offer (1) - page 1.png"))).isEqualTo("second.png");
    }

    @Test
    @DisplayName("names stay inside the folder and readable")
    void sanitisesNames() {
        assertThat(UploadsFolder.readable("../../etc/passwd")).isEqualTo("_.._etc_passwd");
        assertThat(UploadsFolder.readable("Q3: plan? <draft>")).isEqualTo("Q3_ plan_ _draft_");
        assertThat(UploadsFolder.readable("  ")).isEqualTo("document");
        assertThat(UploadsFolder.readable("x".repeat(300))).hasSize(UploadsFolder.MAX_STEM_LENGTH);
    }

    @Test
    @DisplayName("concurrent writes of the same name never overwrite each other")
    void concurrentWritesGetDistinctNames() throws Exception {
        UploadsFolder uploads = new UploadsFolder(folder);
        ExecutorService writers = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = IntStream.range(0, 16)
                    .<Future<?>>mapToObj(i -> writers.submit(() -> uploads.write("Same", files("n" + i))))
                    .toList();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            writers.shutdownNow();
        }
        try (Stream<Path> pdfs = Files.list(folder).filter(p -> p.toString().endsWith(".pdf"))) {
            List<String> contents = pdfs.map(p -> {
                try {
                    return Files.readString(p);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
            assertThat(contents).hasSize(16).doesNotHaveDuplicates();
        }
    }

    private static GeneratedFiles files(String name) {
        return new GeneratedFiles((name + ".docx").getBytes(), (name + ".pdf").getBytes(),
                List.of((name + ".png").getBytes()), 1);
    }
}
