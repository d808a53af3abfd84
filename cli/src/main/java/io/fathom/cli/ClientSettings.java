package io.fathom.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The Kafka client settings the CLI's clients share: bootstrap servers, then a properties file
 * (security.protocol, sasl.*, ssl.*, timeouts), then single settings given on the command line.
 * Like the services' {@code kafka.*} properties, they reach every client the CLI makes.
 */
record ClientSettings(Properties properties) {

    static ClientSettings of(String bootstrap, Path file, Map<String, String> settings) throws IOException {
        Properties properties = new Properties();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        if (file != null) {
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
        }
        properties.putAll(settings);
        return new ClientSettings(properties);
    }

    /** A copy with fathom's own settings on top, for one client. */
    Properties with(Map<String, Object> overrides) {
        Properties copy = new Properties();
        copy.putAll(properties);
        copy.putAll(overrides);
        return copy;
    }

    String bootstrap() {
        return properties.getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    }
}
