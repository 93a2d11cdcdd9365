// Evaluates EventBridge event patterns with AWS's own engine (event-ruler, the library
// EventBridge matches with) for the platform's tests. Reads a JSON array of
// {"pattern": "<pattern JSON>", "event": "<event JSON>"} on standard input and prints a JSON
// array: true or false per entry, or {"error": "..."} when the pattern is not one EventBridge
// accepts.
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import software.amazon.event.ruler.Machine;

public final class PatternMatch {
  public static void main(String[] args) throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode cases = json.readTree(System.in);
    ArrayNode results = json.createArrayNode();
    for (JsonNode entry : cases) {
      try {
        Machine machine = Machine.builder().build();
        machine.addRule("rule", entry.get("pattern").asText());
        results.add(!machine.rulesForJSONEvent(entry.get("event").asText()).isEmpty());
      } catch (Exception error) {
        results.addObject().put("error", String.valueOf(error.getMessage()));
      }
    }
    System.out.println(json.writeValueAsString(results));
  }
}
