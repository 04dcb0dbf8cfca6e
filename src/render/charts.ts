/**
 * Charts as small functions `(data, options) => svg text`, one file each; reports
 * import them from here.
 */
export { rateIntervalChart, type RateChartOptions, type RateWithInterval } from './rate-chart.js';
export { lineChart, markerLabelSide, maxSeries, type LineChartOptions, type SeriesPoint, type TimeMarker } from './line-chart.js';
