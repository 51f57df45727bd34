package io.docvault.generation.infrastructure;

import io.docvault.generation.application.Uploads;
import io.docvault.generation.engine.GeneratedFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes every generation's files into one folder under readable names made from the title:
 * {@code Invoice.pdf}, {@code Invoice.docx}, {@code Invoice - page 1.png}; when a name is taken the
 * whole set gets a suffix, {@code Invoice (1).pdf} and so on. Files are created exclusively, so two
 * generations with the same title never overwrite each other, even at the same moment.
 */
public final class UploadsFolder implements Uploads {

    static final int MAX_STEM_LENGTH = 120;

    private final Path folder;

    public UploadsFolder(Path folder) {
        this.folder = folder;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the uploads folder " + folder, e);
        }
    }

    @Override
    public void write(String name, GeneratedFiles files) {
        String stem = readable(name);
        for (int clash = 0; ; clash++) {
            String candidate = clash == 0 ? stem : stem + " (" + clash + ")";
            Map<String, byte[]> set = fileSet(candidate, files);
            if (set.keySet().stream().anyMatch(file -> Files.exists(folder.resolve(file)))) {
                continue;
            }
            if (createAll(set)) {
                return;
            }
        }
    }

    private boolean createAll(Map<String, byte[]> set) {
        List<Path> created = new ArrayList<>();
        try {
            for (Map.Entry<String, byte[]> file : set.entrySet()) {
                Path path = folder.resolve(file.getKey());
                Files.write(path, file.getValue(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                created.add(path);
            }
            return true;
        } catch (FileAlreadyExistsException e) {
            // Another generation claimed one of the names in the meantime: undo this set, try the next suffix.
            for (Path path : created) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the uploads folder " + folder, e);
        }
    }

    private static Map<String, byte[]> fileSet(String stem, GeneratedFiles files) {
        Map<String, byte[]> set = new LinkedHashMap<>();
        set.put(stem + ".pdf", files.pdf());
        set.put(stem + ".docx", files.docx());
        for (int page = 0; page < files.previews().size(); page++) {
            set.put(stem + " - page " + (page + 1) + ".png", files.previews().get(page));
        }
        return set;
    }

    /** The title without characters that file systems refuse or that would leave the folder. */
    static String readable(String title) {
        String cleaned = title == null ? "" : title
                .replaceAll("[\\p{Cntrl}/\\\\:*?\"<>|]", "_")
                .strip();
        cleaned = cleaned.replaceAll("^[.\\s]+", "");
        if (cleaned.length() > MAX_STEM_LENGTH) {
            cleaned = cleaned.substring(0, MAX_STEM_LENGTH).strip();
        }
        return cleaned.isEmpty() ? "document" : cleaned;
    }
}
