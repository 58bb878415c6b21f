package org.fusedtomo.align;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * The optional {@value #SECTION} section of {@code alignment.json}: the {@link SurveyRegistration} of
 * each chemical series, by element (or one entry for a survey that serves every element), one array entry
 * per chemical tilt:
 *
 * <pre>
 * "surveyRegistration": { "Co": { "factor": 1, "scaleFrom": "calibration", "surveyWidth": 64, "surveyHeight": 64,
 *     "sampling": { "factor": 1, "originX": 0, "originY": 0 },
 *     "anglesDeg": [...], "haadfAnglesDeg": [...], "dxPx": [...], "dyPx": [...], "originXPx": [...], "originYPx": [...],
 *     "quality": [...], "mapShiftXPx": [...], "mapShiftYPx": [...] } }
 * </pre>
 *
 * dx/dy and the origins are HAADF pixels, the map shifts chemical pixels (see {@link SurveyRegistration}).
 * {@link AlignmentJson} ignores fields it does not know, so files with the section read as before and files
 * without it stay valid.
 */
public final class SurveyRegistrationJson {

	public static final String SECTION = "surveyRegistration";

	private SurveyRegistrationJson() {}

	/** The section's value: one object per name. */
	public static JsonObject toJson(Map<String, SurveyRegistration> registrations) {
		JsonObject section = new JsonObject();
		registrations.forEach((name, r) -> section.add(name, toJson(r)));
		return section;
	}

	static JsonObject toJson(SurveyRegistration r) {
		JsonObject o = new JsonObject();
		o.addProperty("factor", r.factor());
		o.addProperty("scaleFrom", r.scaleSource().key());
		o.addProperty("surveyWidth", r.surveyWidth());
		o.addProperty("surveyHeight", r.surveyHeight());
		JsonObject s = new JsonObject();
		s.addProperty("factor", r.sampling().factor());
		s.addProperty("originX", r.sampling().originX());
		s.addProperty("originY", r.sampling().originY());
		o.add("sampling", s);
		List<SurveyRegistration.Tilt> t = r.tilts();
		o.add("anglesDeg", column(t, SurveyRegistration.Tilt::angleDeg));
		o.add("haadfAnglesDeg", column(t, SurveyRegistration.Tilt::haadfAngleDeg));
		o.add("dxPx", column(t, SurveyRegistration.Tilt::dx));
		o.add("dyPx", column(t, SurveyRegistration.Tilt::dy));
		o.add("originXPx", column(t, SurveyRegistration.Tilt::originX));
		o.add("originYPx", column(t, SurveyRegistration.Tilt::originY));
		o.add("quality", column(t, SurveyRegistration.Tilt::quality));
		JsonArray mx = new JsonArray(), my = new JsonArray();
		for (int i = 0; i < t.size(); i++) {
			mx.add(r.shiftX(i));
			my.add(r.shiftY(i));
		}
		o.add("mapShiftXPx", mx);
		o.add("mapShiftYPx", my);
		return o;
	}

	private static JsonArray column(List<SurveyRegistration.Tilt> tilts, ToDoubleFunction<SurveyRegistration.Tilt> field) {
		JsonArray a = new JsonArray();
		tilts.forEach(t -> a.add(field.applyAsDouble(t)));
		return a;
	}

	/** {@code alignmentJson} (text of {@link AlignmentJson#toJson}) with the section added, pretty-printed; unchanged without registrations. */
	public static String withSection(String alignmentJson, Map<String, SurveyRegistration> registrations) {
		if (registrations.isEmpty())
			return alignmentJson;
		JsonObject o = JsonParser.parseString(alignmentJson).getAsJsonObject();
		o.add(SECTION, toJson(registrations));
		return new GsonBuilder().setPrettyPrinting().create().toJson(o);
	}

	/**
	 * The registered survey offsets in an alignment file's text, by name: {dx[], dy[], quality[]} per entry;
	 * empty when the file has no section (older files).
	 *
	 * @throws IllegalArgumentException when the text is not JSON or the section is malformed
	 */
	public static Map<String, double[][]> offsets(String alignmentJson) {
		JsonElement root;
		try {
			root = JsonParser.parseString(alignmentJson);
		}
		catch (JsonParseException e) {
			throw new IllegalArgumentException("not valid JSON (" + e.getMessage() + ")", e);
		}
		Map<String, double[][]> out = new LinkedHashMap<>();
		if (!root.isJsonObject() || !root.getAsJsonObject().has(SECTION))
			return out;
		JsonElement section = root.getAsJsonObject().get(SECTION);
		if (!section.isJsonObject())
			throw new IllegalArgumentException(SECTION + " must be an object by element");
		for (Map.Entry<String, JsonElement> e : section.getAsJsonObject().entrySet()) {
			if (!e.getValue().isJsonObject())
				throw new IllegalArgumentException(SECTION + "." + e.getKey() + " must be an object");
			JsonObject o = e.getValue().getAsJsonObject();
			List<double[]> columns = new ArrayList<>();
			for (String field : new String[] { "dxPx", "dyPx", "quality" }) {
				JsonElement a = o.get(field);
				if (a == null || !a.isJsonArray())
					throw new IllegalArgumentException(SECTION + "." + e.getKey() + "." + field + " must be an array of numbers");
				double[] v = new double[a.getAsJsonArray().size()];
				for (int i = 0; i < v.length; i++)
					v[i] = a.getAsJsonArray().get(i).getAsDouble();
				columns.add(v);
			}
			out.put(e.getKey(), columns.toArray(double[][]::new));
		}
		return out;
	}
}
