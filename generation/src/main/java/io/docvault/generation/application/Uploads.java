package io.docvault.generation.application;

import io.docvault.generation.engine.GeneratedFiles;

/** A folder that also receives every generated file, under a readable name. */
public interface Uploads {

    /** Writes the files under names made from {@code name}. */
    void write(String name, GeneratedFiles files);

    /** No folder: files are only returned and stored. */
    static Uploads none() {
        return (name, files) -> {
        };
    }
}
